using ServiceGrid.Bench.Harness;
using ServiceGrid.Cases;
using ServiceGrid.Organization;

namespace ServiceGrid.Bench.Scenarios;

/// <summary>
/// Issue 18's slot offers: <c>GET /api/cases/{id}/slots?days=14</c> through a web process in <c>external</c> mode joined to an
/// in-process silo whose region holds ~1,000 booked visits over its ~100 engineers (most planned by a re-plan applied, a few
/// hundred unplanned), under concurrent load; the same route on a case of a region with no visits and <c>GET /health/live</c>
/// as same-run baselines; and the schedule grain's <c>Slots</c> called in-process, which is the in-grain share.
/// </summary>
public static class SlotsScenario
{
    const string Name = "slots";
    const int Days = 14;

    public static async Task RunAsync(BenchOptions options, Report report)
    {
        var (engineers, planned, unplanned) = options.Smoke ? (10, 60, 20) : (100, 700, 300);
        var limit = TimeSpan.FromSeconds(options.Smoke ? 0.5 : 6);
        await using var silo = await InProcessSilo.StartAsync(Path.Combine(options.Output, "logs", $"{Name}-silo.log"), new Dictionary<string, string?>());
        var random = new Random(18);
        var busy = new ScheduleSeed(silo, "north", "beijing", new GeoPoint(39.9, 116.4));
        var empty = new ScheduleSeed(silo, "northeast", "shenyang", new GeoPoint(41.8, 123.4));
        await busy.SetPolicyAsync(DispatchMode.Suggest);
        await busy.EngineersAsync("eng-slots", engineers, random);
        // Tomorrow and the day after: the days a re-plan with the default horizon (2) plans, whatever the hour now.
        var booked = await busy.BookAsync(planned, busy.Tomorrow, 2, random);
        var (proposal, applied) = await busy.ReplanAsync(2, limit);
        var later = await busy.BookAsync(unplanned, busy.Tomorrow.AddDays(2), Days - 3, random);
        var placed = proposal.Moves.Count(m => m.To is not null);
        Output.Line($"  {planned + unplanned} visits booked; the re-plan placed {placed} ({proposal.After.Unplanned} of its horizon left unplanned), plan version {applied.Version}");

        var targets = booked.Concat(later).Select(b => b.CaseId).Take(100).ToArray();
        // The baseline: as many engineers on the same shifts in a region without visits, so that what differs is the visits.
        await empty.SetPolicyAsync(DispatchMode.Suggest);
        await empty.EngineersAsync("eng-slots-empty", engineers, random);
        var baseline = await empty.OpenCaseAsync(empty.Near(random), Severity.P3);

        var inGrain = await LoadRunner.RunAsync(options.Concurrency, options.WarmUp, options.Duration, async (_, n) =>
            (await busy.Schedule.Slots(targets[n % targets.Length], Days)).Items.Length > 0);
        var inGrainEmpty = await LoadRunner.RunAsync(options.Concurrency, options.WarmUp, options.Duration, async (_, _) =>
            (await empty.Schedule.Slots(baseline, Days)).Items.Length > 0);
        report.Add(new Figure(Name, "in-grain: Slots", inGrain.PerSecond, "calls/s", inGrainEmpty.PerSecond));
        report.Add(new Figure(Name, "in-grain: Slots p50", inGrain.Latency.P50, "ms", inGrainEmpty.Latency.P50));
        report.Add(new Figure(Name, "in-grain: Slots p95", inGrain.Latency.P95, "ms", inGrainEmpty.Latency.P95));
        report.Add(new Figure(Name, "in-grain: Slots failed", inGrain.Failed, "calls", Target: "0", Met: inGrain.Failed == 0));
        await ThroughHttpAsync(options, silo, targets, baseline, report);
        report.Note(Name, $"region north: {engineers} bench engineers (08:00–17:00 daily) beside the demo's, {planned} visits booked for tomorrow and " +
            $"the day after and planned by one applied re-plan ({limit.TotalSeconds:0.#} s limit; {placed} placed), then {unplanned} more booked over " +
            $"the following days and left unplanned; {options.Concurrency} concurrent callers, closed loop, days={Days}. Baselines in the same run: " +
            "the same route on a case of region northeast (as many bench engineers, no visits), and /health/live. HTTP = a web process of its own in external mode " +
            "(a gateway hop to the silo: the case, then the region's schedule grain, which reads the case again); in-grain = the schedule grain's Slots in-process");
    }

    static async Task ThroughHttpAsync(BenchOptions options, InProcessSilo silo, string[] caseIds, string baseline, Report report)
    {
        var settings = ServerProcess.BenchSettings();
        settings["ServiceGrid__Silo"] = "external";
        settings["Orleans__GatewayPort"] = silo.GatewayPort.ToString();
        await using var web = await ServerProcess.StartAsync(settings);
        using var client = await GridClient.SignInAsync(web.Url, options.Concurrency);
        var floor = await LoadRunner.RunAsync(options.Concurrency, options.WarmUp, options.Duration, (_, _) => client.LiveAsync());
        var empty = await LoadRunner.RunAsync(options.Concurrency, options.WarmUp, options.Duration, (_, _) => client.SlotsAsync(baseline, Days));
        var route = await LoadRunner.RunAsync(options.Concurrency, options.WarmUp, options.Duration, (_, n) => client.SlotsAsync(caseIds[n % caseIds.Length], Days));

        report.Add(new Figure(Name, "HTTP: GET /health/live (floor)", floor.PerSecond, "req/s"));
        report.Add(new Figure(Name, "HTTP: floor p95", floor.Latency.P95, "ms"));
        report.Add(new Figure(Name, "HTTP: GET slots, region without visits", empty.PerSecond, "req/s"));
        report.Add(new Figure(Name, "HTTP: GET slots", route.PerSecond, "req/s", empty.PerSecond));
        report.Add(new Figure(Name, "HTTP: slots p50", route.Latency.P50, "ms", empty.Latency.P50));
        report.Add(new Figure(Name, "HTTP: slots p95", route.Latency.P95, "ms", empty.Latency.P95, "< 200 ms", route.Latency.P95 < 200));
        report.Add(new Figure(Name, "HTTP: slots p99", route.Latency.P99, "ms", empty.Latency.P99));
        report.Add(new Figure(Name, "HTTP: slots failed", route.Failed + empty.Failed, "requests", Target: "0", Met: route.Failed + empty.Failed == 0));
    }
}
