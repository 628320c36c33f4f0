using System.Collections.Immutable;
using ServiceGrid.Organization;

namespace ServiceGrid.Grains.Organization;

[GenerateSerializer, Alias("ServiceGrid.OrganizationRecord")]
public sealed class OrganizationRecord
{
    [Id(0)] public OrganizationChart Chart { get; set; } = OrganizationChart.Empty;
}

/// <summary>The organization chart: regions and their branch support centers.</summary>
public sealed class OrganizationGrain(
    [PersistentState("organization", StorageNames.Organization)] IPersistentState<OrganizationRecord> state)
    : Grain, IOrganizationGrain
{
    public Task<OrganizationChart> Get() => Task.FromResult(state.State.Chart);

    public async Task<bool> Define(ImmutableArray<RegionProfile> regions, bool onlyIfEmpty)
    {
        if (onlyIfEmpty && !state.State.Chart.Regions.IsEmpty) return false;
        state.State.Chart = new OrganizationChart(state.State.Chart.Version + 1, regions);
        await state.WriteStateAsync();
        return true;
    }
}
