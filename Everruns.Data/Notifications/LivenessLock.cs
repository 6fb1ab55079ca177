namespace Everruns.Data.Notifications;

/// <summary>
/// How a process tells others that it is alive: a session-level advisory lock, keyed by a name of its own (a run
/// executor's owner), that it holds on its LISTEN connection (see <see cref="PostgresNotificationListener.HoldLockAsync"/>).
/// The lock goes with the process's connection, at once when the process dies on the database's host or on the same
/// machine, and within the TCP keep-alive time when its machine vanishes. A holder whose lock is gone is dead; one
/// whose lock is held is alive, however slow.
/// </summary>
public static class LivenessLock
{
    /// <summary>The lock's key, from the name in the SQL expression <c>{0}</c>.</summary>
    public const string KeyOf = "hashtextextended({0}, 0)";

    /// <summary>Takes the lock of the name <c>{0}</c> if it is free or held by this session already; true when held.</summary>
    public const string TryTakeSql = "pg_try_advisory_lock(hashtextextended({0}, 0))";

    /// <summary>
    /// True when nobody holds the lock of the name <c>{0}</c> in this database. <c>live_locks</c> is a CTE of
    /// <see cref="HeldLocksSql"/>, read once per statement (the lock table is read as a whole).
    /// </summary>
    public const string NotHeldSql = """
        NOT EXISTS (SELECT 1 FROM live_locks
                    WHERE live_locks.hi = (hashtextextended({0}, 0) >> 32) & 4294967295
                      AND live_locks.lo = hashtextextended({0}, 0) & 4294967295)
        """;

    /// <summary>The advisory locks on a single bigint key held in this database, as the key's two halves.</summary>
    public const string HeldLocksSql = """
        SELECT classid::bigint AS hi, objid::bigint AS lo FROM pg_locks
        WHERE locktype = 'advisory' AND objsubid = 1 AND granted
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
        """;
}
