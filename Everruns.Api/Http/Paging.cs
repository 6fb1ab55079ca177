using Everruns.Data;

namespace Everruns.Api.Http;

/// <summary>The <c>limit</c> and <c>offset</c> query parameters of every list endpoint.</summary>
public static class Paging
{
    public static bool TryCreate(int? limit, int? offset, out PageRequest page, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var actualLimit = limit ?? PageRequest.DefaultLimit;
        var actualOffset = offset ?? 0;
        if (actualLimit is < 1 or > PageRequest.MaxLimit)
        {
            errors["limit"] = [$"limit must be between 1 and {PageRequest.MaxLimit}."];
        }

        if (actualOffset < 0)
        {
            errors["offset"] = ["offset must be zero or more."];
        }

        page = new PageRequest(actualLimit, actualOffset);
        return errors.Count == 0;
    }
}
