using System.Collections.Immutable;
using System.Globalization;
using ServiceGrid.Care;

namespace ServiceGrid.Grains.Care;

/// <summary>
/// Service plan 4.7.5: each quarter a share of its closed cases gets a follow-up visit, at least one per region. The
/// draw is reproducible: each case gets a hash of the quarter and its id, and the lowest hashes of each region are drawn,
/// so the same closed cases always give the same sample (and a case already visited is always listed).
/// </summary>
public static class FollowUpVisitSample
{
    public static ImmutableArray<ClosedCase> Draw(string quarter, IEnumerable<ClosedCase> closed, double share) =>
    [
        .. closed.GroupBy(c => c.Region, StringComparer.Ordinal)
            .SelectMany(region =>
            {
                var ordered = region.OrderBy(c => Rank(quarter, c.CaseId)).ThenBy(c => c.CaseId, StringComparer.Ordinal).ToList();
                var drawn = Math.Max(1, (int)Math.Ceiling(share * ordered.Count));
                return ordered.Take(drawn).Concat(ordered.Skip(drawn).Where(c => c.Visit is not null));
            })
            .OrderBy(c => c.Region, StringComparer.Ordinal).ThenBy(c => c.ClosedAt),
    ];

    /// <summary>The months (<c>yyyy-MM</c>) of a quarter <c>yyyy-Qn</c>, or null when it is not spelled so.</summary>
    public static ImmutableArray<string>? MonthsOf(string quarter)
    {
        if (quarter.Length != 7 || quarter[4] != '-' || quarter[5] != 'Q'
            || !int.TryParse(quarter.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || year < 2000 || quarter[6] is < '1' or > '4') return null;
        var first = (quarter[6] - '1') * 3 + 1;
        return [.. Enumerable.Range(first, 3).Select(month => $"{year:D4}-{month:D2}")];
    }

    /// <summary>The quarter (<c>yyyy-Qn</c>) a time falls in, UTC.</summary>
    public static string QuarterOf(DateTimeOffset at) => $"{at.UtcDateTime.Year:D4}-Q{(at.UtcDateTime.Month - 1) / 3 + 1}";

    static ulong Rank(string quarter, string caseId)
    {
        // FNV-1a: the same in every process and every run, unlike string.GetHashCode.
        var hash = 14695981039346656037ul;
        foreach (var c in $"{quarter}|{caseId}") hash = (hash ^ c) * 1099511628211ul;
        return hash;
    }
}
