using ServiceGrid.Cases;

namespace ServiceGrid.Grains.ReadModel;

/// <summary>
/// Reads the query tables (durable mode; embedded mode registers none). The case grains announce every version until
/// the tables confirm it, so the tables are where the in-memory read models recover what the memory streams lost when
/// a silo died: <c>RegionGrain</c> on activation and on <see cref="IRegionGrain.Reconcile"/>.
/// </summary>
public interface ICaseTableReader
{
    /// <summary>The region's active cases (not resolved, closed or cancelled), at the versions the tables hold.</summary>
    Task<IReadOnlyList<CaseView>> ActiveInRegionAsync(string region, CancellationToken cancellationToken);

    /// <summary>The cases of these ids that the tables hold, in any state and region.</summary>
    Task<IReadOnlyList<CaseView>> FindAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken);
}
