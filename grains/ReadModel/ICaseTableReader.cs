using ServiceGrid.Cases;
using ServiceGrid.Events;

namespace ServiceGrid.Grains.ReadModel;

/// <summary>
/// Reads the query tables (durable mode; embedded mode's <see cref="InMemoryCaseTables"/> hold nothing to recover). The case grains announce every version until
/// the tables confirm it, so the tables are where the in-memory read models recover what the memory streams lost when
/// a silo died: <c>RegionGrain</c> and <c>AlertLogGrain</c>, on activation and on <c>Reconcile</c>.
/// </summary>
public interface ICaseTableReader
{
    /// <summary>The region's active cases (not resolved, closed or cancelled), at the versions the tables hold.</summary>
    Task<IReadOnlyList<CaseView>> ActiveInRegionAsync(string region, CancellationToken cancellationToken);

    /// <summary>The cases of these ids that the tables hold, in any state and region.</summary>
    Task<IReadOnlyList<CaseView>> FindAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken);

    /// <summary>The latest <paramref name="max"/> timeline entries of these types, newest first, each with its case as it is now.</summary>
    Task<IReadOnlyList<CaseChanged>> RecentEntriesAsync(IReadOnlyCollection<string> types, int max, CancellationToken cancellationToken);
}
