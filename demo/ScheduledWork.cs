using ServiceGrid.Cases;
using ServiceGrid.Events;

namespace ServiceGrid.Demo;

/// <summary>
/// Scheduled inspections open by themselves (each unit's reminder, service plan 2); the simulated branches pick them
/// up from their regions' pools like any other case and work them through to the inspection report.
/// </summary>
public sealed class ScheduledWork(IGrainFactory grains, DemoOrganization organization, CasePlanner planner)
{
    const string SchedulerActor = "scheduler";
    static readonly TimeSpan LookEvery = TimeSpan.FromSeconds(15);
    const int PageSize = 500;

    DateTimeOffset _lookedAt = DateTimeOffset.MinValue;

    /// <summary>Open inspection cases the scheduler opened that the simulator does not follow yet (looked for every few seconds).</summary>
    public async Task<IReadOnlyList<SimulatedCase>> FindAsync(IReadOnlyDictionary<string, SimulatedCase> followed, Random random, DateTimeOffset now)
    {
        if (now - _lookedAt < LookEvery) return [];
        _lookedAt = now;
        var pages = await Task.WhenAll(organization.Regions.Select(region =>
            grains.GetGrain<IRegionGrain>(region.Id).Query(new CaseQuery(CaseState.Open, null, 1, PageSize))));
        return
        [
            .. pages.SelectMany(page => page.Items)
                .Where(view => view.Kind == CaseKind.Inspection && !followed.ContainsKey(view.Id)
                    && view.Timeline.FirstOrDefault()?.Actor == SchedulerActor)
                .Select(view => new SimulatedCase(planner.ForScheduled(view, random), view, now)),
        ];
    }
}
