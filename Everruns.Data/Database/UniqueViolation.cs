using Npgsql;

namespace Everruns.Data.Database;

internal static class UniqueViolation
{
    public static bool Is(Exception exception, string constraintName) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } postgres
        && postgres.ConstraintName == constraintName;
}
