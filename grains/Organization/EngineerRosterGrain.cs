using System.Collections.Immutable;
using ServiceGrid.Organization;

namespace ServiceGrid.Grains.Organization;

[GenerateSerializer, Alias("ServiceGrid.EngineerRosterRecord")]
public sealed class EngineerRosterRecord
{
    [Id(0)] public HashSet<string> EngineerIds { get; set; } = [];
}

/// <summary>
/// Who registered in a region. Engineers have no query table, and a region's read model learns of them from the engineer
/// stream: one that comes back after its silo died (durable mode, <c>RegionGrain</c>) asks each engineer listed here.
/// An engineer who moved on to another region stays listed; the read model keeps only the ones whose region is its own.
/// </summary>
public sealed class EngineerRosterGrain(
    [PersistentState("roster", StorageNames.Organization)] IPersistentState<EngineerRosterRecord> state) : Grain, IEngineerRosterGrain
{
    public async Task Enlist(string engineerId)
    {
        if (state.State.EngineerIds.Add(engineerId)) await state.WriteStateAsync();
    }

    public Task<ImmutableArray<string>> GetEngineerIds() => Task.FromResult(state.State.EngineerIds.ToImmutableArray());
}
