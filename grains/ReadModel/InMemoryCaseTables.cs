using ServiceGrid.Cases;
using ServiceGrid.Events;
using ServiceGrid.Grains.Cases;
using ServiceGrid.Grains.Reports;
using ServiceGrid.Reports;

namespace ServiceGrid.Grains.ReadModel;

/// <summary>
/// Embedded mode's query tables: nothing outlives the process, so there is nothing to confirm and nothing to recover
/// from. What the case history feeds there is the monthly report grains, in memory (durable mode reads the month from
/// the database). One per silo; the region's <c>CaseProjectionGrain</c> calls it on its turns.
/// </summary>
public sealed class InMemoryCaseTables(IGrainFactory grains) : ICaseTableWriter, ICaseTableReader
{
    public bool AwaitsConfirmation => false;

    /// <summary>
    /// Hands each report grain of a month its cases' facts: the region a case is in now, and any it left (which drops
    /// it). The report grains decide by version, so a replay, or the same change from both regions, changes nothing.
    /// </summary>
    public async Task<IReadOnlyList<ProjectedCase>> WriteAsync(IReadOnlyCollection<CaseChanged> changes, CancellationToken cancellationToken)
    {
        var reports = changes
            .SelectMany(changed => CaseAnnouncer.RegionsOf(changed).Select(region =>
                (Key: MonthlyReports.GrainKey(region, MonthlyReports.MonthOf(changed.Case.OpenedAt)), Facts: MonthlyReports.Facts(changed.Case))))
            .GroupBy(report => report.Key);
        await Task.WhenAll(reports.Select(report =>
            grains.GetGrain<IMonthlyReportGrain>(report.Key).Apply([.. report.Select(r => r.Facts)])));
        return [];
    }

    public Task<IReadOnlyList<CaseView>> ActiveInRegionAsync(string region, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<CaseView>>([]);

    public Task<IReadOnlyList<CaseView>> FindAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<CaseView>>([]);

    public Task<IReadOnlyList<CaseChanged>> RecentEntriesAsync(IReadOnlyCollection<string> types, int max, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<CaseChanged>>([]);
}
