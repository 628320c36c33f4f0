using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using ServiceGrid.Service;

namespace ServiceGrid.Grains.Service;

[GenerateSerializer, Alias("ServiceGrid.InstalledBaseRecord")]
public sealed class InstalledBaseRecord
{
    [Id(0)] public Dictionary<string, InstalledUnit> Units { get; set; } = [];
}

/// <summary>
/// The installed base of one region as its units last reported it: the list of scheduled inspections is computed from
/// it on demand. The units stay the only writers of their schedule; this grain is never asked to decide anything.
/// </summary>
public sealed class InstalledBaseGrain(
    [PersistentState("installed-base", StorageNames.Organization)] IPersistentState<InstalledBaseRecord> state,
    IOptions<ServiceOptions> options) : Grain, IInstalledBaseGrain
{
    public async Task Update(InstalledUnit unit)
    {
        if (state.State.Units.TryGetValue(unit.Serial, out var known) && known.Version >= unit.Version) return;
        state.State.Units[unit.Serial] = unit;
        await state.WriteStateAsync();
    }

    public async Task Remove(string serial)
    {
        if (state.State.Units.Remove(serial)) await state.WriteStateAsync();
    }

    public Task<ImmutableArray<InspectionView>> Inspections(DateTimeOffset from, DateTimeOffset to)
    {
        var settings = options.Value;
        var inspections = state.State.Units.Values
            .SelectMany(unit => InspectionSchedule
                .DueDates(unit.AcceptedAt, unit.Contracts, settings, from > unit.ScheduledFrom ? from : unit.ScheduledFrom, to)
                .Select(due => new InspectionView
                {
                    Serial = unit.Serial,
                    CustomerId = unit.CustomerId,
                    Model = unit.Model,
                    RegionId = unit.RegionId,
                    DueAt = due.DueAt,
                    Coverage = due.Coverage,
                    CaseId = unit.Opened.GetValueOrDefault(due.DueAt),
                }))
            .OrderBy(i => i.DueAt).ThenBy(i => i.Serial, StringComparer.Ordinal)
            .Take(options.Value.MaxListedInspections)
            .ToImmutableArray();
        return Task.FromResult(inspections);
    }
}
