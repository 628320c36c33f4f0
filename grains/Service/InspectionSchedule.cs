using ServiceGrid.Service;

namespace ServiceGrid.Grains.Service;

/// <summary>
/// The quarterly preventive inspections of one unit [seed 2], free of Orleans: every interval from acceptance while the
/// warranty runs, then every interval from a contract's start while that contract runs. Each due date is computed from
/// its anchor (not from the previous date), so month ends do not drift.
/// </summary>
public static class InspectionSchedule
{
    /// <summary>Due dates in [<paramref name="from"/>, <paramref name="to"/>), earliest first, each once.</summary>
    public static IEnumerable<(DateTimeOffset DueAt, CoverageKind Coverage)> DueDates(
        DateTimeOffset acceptedAt, IEnumerable<ContractPeriod> contracts, ServiceOptions options, DateTimeOffset from, DateTimeOffset to)
    {
        var warrantyEnd = Coverage.WarrantyEnd(acceptedAt, options.WarrantyMonths);
        var dates = Anchored(acceptedAt, warrantyEnd, options.InspectionIntervalMonths, to)
            .Select(due => (due, CoverageKind.Warranty))
            .Concat(contracts.SelectMany(contract => Anchored(contract.StartsAt, contract.EndsAt, options.InspectionIntervalMonths, to)
                // Under warranty the warranty's own schedule applies.
                .Where(due => due >= warrantyEnd)
                .Select(due => (due, CoverageKind.Contract))));
        return dates
            .Where(d => d.due >= from)
            .GroupBy(d => d.due)
            .Select(g => g.First())
            .OrderBy(d => d.due);
    }

    /// <summary>The latest due date in [<paramref name="scheduledFrom"/>, <paramref name="now"/>]: the one a check opens.
    /// Earlier ones a long outage skipped are not opened after the fact; the current quarter's is.</summary>
    public static DateTimeOffset? LatestDue(DateTimeOffset acceptedAt, IEnumerable<ContractPeriod> contracts, ServiceOptions options,
        DateTimeOffset scheduledFrom, DateTimeOffset now) =>
        DueDates(acceptedAt, contracts, options, scheduledFrom, now.AddTicks(1)).Select(d => (DateTimeOffset?)d.DueAt).LastOrDefault();

    /// <summary>The first due date after <paramref name="now"/>, if the unit is covered then.</summary>
    public static DateTimeOffset? NextDue(DateTimeOffset acceptedAt, IEnumerable<ContractPeriod> contracts, ServiceOptions options, DateTimeOffset now) =>
        DueDates(acceptedAt, contracts, options, now.AddTicks(1), DateTimeOffset.MaxValue).Select(d => (DateTimeOffset?)d.DueAt).FirstOrDefault();

    /// <summary>The case id of the inspection due at <paramref name="dueAt"/>: the same for every retry, so one case per due date.</summary>
    public static string CaseId(string serial, DateTimeOffset dueAt)
    {
        var id = $"insp-{serial}-{dueAt.UtcDateTime:yyyyMMdd}";
        if (id.Length <= 64) return id;
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(serial)))[..24];
        return $"insp-{hash}-{dueAt.UtcDateTime:yyyyMMdd}";
    }

    static IEnumerable<DateTimeOffset> Anchored(DateTimeOffset anchor, DateTimeOffset end, int intervalMonths, DateTimeOffset to)
    {
        for (var k = 1; ; k++)
        {
            var due = anchor.AddMonths(k * intervalMonths);
            if (due >= end || due >= to) yield break;
            yield return due;
        }
    }
}
