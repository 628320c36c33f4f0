using ServiceGrid.Cases;
using ServiceGrid.Events;
using Microsoft.Extensions.DependencyInjection;
using ServiceGrid.Organization;
using ServiceGrid.Demo;

namespace ServiceGrid.Tests.Demo;

public sealed class TrafficSimulatorTests(TrafficClusterFixture fixture) : IClassFixture<TrafficClusterFixture>
{
    static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Cases_are_opened_claimed_dispatched_resolved_closed_and_surveyed()
    {
        string[] steps = [TimelineTypes.Opened, TimelineTypes.Claimed, TimelineTypes.Dispatched, TimelineTypes.Responded,
            TimelineTypes.Arrived, TimelineTypes.Resolved, TimelineTypes.Closed, TimelineTypes.Surveyed];
        var seen = new HashSet<string>();
        var done = await DemoClusterFixture.EventuallyAsync(async () =>
        {
            var cases = await AllCasesAsync();
            seen.UnionWith(cases.SelectMany(c => c.Timeline).Select(t => t.Type));
            return steps.All(seen.Contains) && cases.Any(c => c.State == CaseState.Closed && c.Survey is not null);
        }, Deadline);
        Assert.True(done, $"Missing steps: {string.Join(", ", steps.Except(seen))}");

        var finished = (await AllCasesAsync()).Where(c => c.Resolution is not null).ToList();
        // Service plan 4.6: a P1 or P2 case is resolved only with a fault report.
        Assert.All(finished.Where(c => c.Severity <= Severity.P2), c => Assert.NotNull(c.Resolution!.FaultReport));
        Assert.All(finished, c => Assert.StartsWith($"eng-{c.BranchId}-", c.Timeline.Last(t => t.Type == TimelineTypes.Resolved).Actor));
    }

    [Fact]
    public async Task Engineers_are_moved_toward_sites_and_parts_are_used()
    {
        var moved = await DemoClusterFixture.EventuallyAsync(async () =>
        {
            var engineers = await Task.WhenAll(fixture.Organization.Engineers.Select(async e =>
                (Profile: e.Profile, View: await fixture.Grains.GetGrain<IEngineerGrain>(e.Id).Get())));
            return engineers.Count(e => e.View is { } view && view.Location != e.Profile.Base) >= 3;
        }, Deadline);
        Assert.True(moved, "No engineer left their base.");

        var partsUsed = await DemoClusterFixture.EventuallyAsync(async () =>
            (await AllCasesAsync()).Any(c => c.Resolution is { PartsUsed.IsEmpty: false }), Deadline);
        Assert.True(partsUsed, "No case was resolved with spare parts.");
    }

    [Fact]
    public async Task Parts_are_reserved_sometimes_short_branch_stores_are_replenished_and_faulty_parts_go_through_the_repair_loop()
    {
        var desk = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<PartsDesk>();

        var exercised = await DemoClusterFixture.EventuallyAsync(() =>
        {
            var counts = desk.Counts;
            return Task.FromResult(counts.Reserved > 0 && counts.Short > 0 && counts.Transfers > 0 && counts.TakenBack > 0 && counts.Restocked + counts.Scrapped > 0);
        }, Deadline);

        Assert.True(exercised, $"The parts desk did not do everything: {desk.Counts}");
        var stock = await Task.WhenAll(fixture.Organization.Depots.Select(d => fixture.Grains.GetGrain<IDepotGrain>(d.Id).GetStock()));
        Assert.All(stock.SelectMany(lines => lines!.Value), line => Assert.True(line.OnHand >= 0 && line.Reserved >= 0 && line.Reserved <= line.OnHand, line.ToString()));
    }

    [Fact]
    public async Task Slipped_cases_are_escalated_and_reassigned_by_hq()
    {
        var slipped = await DemoClusterFixture.EventuallyAsync(async () =>
        {
            var entries = (await AllCasesAsync()).SelectMany(c => c.Timeline).ToList();
            return entries.Any(t => t.Type == TimelineTypes.Escalated && t.Actor == "csc")
                && entries.Any(t => t.Type == TimelineTypes.Reassigned && t.Actor == "hq")
                && entries.Any(t => t.Type == TimelineTypes.SlaBreached);
        }, Deadline);
        Assert.True(slipped, "No case was escalated by the CSC, breached its SLA and was reassigned by HQ.");
    }

    async Task<List<CaseView>> AllCasesAsync()
    {
        var pages = await Task.WhenAll(fixture.Organization.Regions.Select(region =>
            fixture.Grains.GetGrain<IRegionGrain>(region.Id).Query(new CaseQuery(null, null, 1, 10_000))));
        return [.. pages.SelectMany(page => page.Items)];
    }
}
