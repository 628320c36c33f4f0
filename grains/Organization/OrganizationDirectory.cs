using System.Collections.Frozen;
using ServiceGrid.Organization;

namespace ServiceGrid.Grains.Organization;

/// <summary>
/// A process-local copy of the organization chart, so that every case command does not call one hot grain.
/// The chart changes rarely: the copy is refreshed after <see cref="MaxAge"/>, and at once (at most once a second)
/// when asked for a branch or region it does not know.
/// </summary>
public sealed class OrganizationDirectory(IGrainFactory grains, TimeProvider clock) : IOrganizationDirectory
{
    static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);
    static readonly TimeSpan MinRefreshInterval = TimeSpan.FromSeconds(1);

    readonly SemaphoreSlim _refresh = new(1, 1);
    Index _index = Index.Empty;
    DateTimeOffset _fetchedAt = DateTimeOffset.MinValue;

    public async ValueTask<BranchProfile?> FindBranchAsync(string branchId) =>
        (await LookUpAsync(index => index.Branches.ContainsKey(branchId))).Branches.GetValueOrDefault(branchId);

    public async ValueTask<RegionProfile?> FindRegionAsync(string regionId) =>
        (await LookUpAsync(index => index.Regions.ContainsKey(regionId))).Regions.GetValueOrDefault(regionId);

    public async ValueTask<OrganizationChart> GetChartAsync() => (await LookUpAsync(index => !index.Chart.Regions.IsEmpty)).Chart;

    /// <summary>The region of the branch nearest to <paramref name="site"/>, or null when no branch is defined.</summary>
    public async ValueTask<string?> NearestRegionAsync(GeoPoint site) =>
        (await LookUpAsync(index => index.Branches.Count > 0)).Branches.Values
            .MinBy(branch => GeoMath.DistanceKm(branch.Location, site))?.RegionId;

    async ValueTask<Index> LookUpAsync(Func<Index, bool> found)
    {
        var index = _index;
        var age = clock.GetUtcNow() - _fetchedAt;
        if (age < MaxAge && (found(index) || age < MinRefreshInterval)) return index;

        await _refresh.WaitAsync();
        try
        {
            if (_index != index) return _index;
            var chart = await grains.GetGrain<IOrganizationGrain>(IOrganizationGrain.Key).Get();
            _fetchedAt = clock.GetUtcNow();
            return _index = new Index(chart);
        }
        finally
        {
            _refresh.Release();
        }
    }

    sealed class Index(OrganizationChart chart)
    {
        public static readonly Index Empty = new(OrganizationChart.Empty);

        public OrganizationChart Chart { get; } = chart;
        public FrozenDictionary<string, RegionProfile> Regions { get; } = chart.Regions.ToFrozenDictionary(r => r.Id);
        public FrozenDictionary<string, BranchProfile> Branches { get; } =
            chart.Regions.SelectMany(r => r.Branches).ToFrozenDictionary(b => b.Id);
    }
}
