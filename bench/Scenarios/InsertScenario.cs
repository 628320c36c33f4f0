using System.Diagnostics;
using ServiceGrid.Bench.Harness;
using ServiceGrid.Cases;
using ServiceGrid.Organization;

namespace ServiceGrid.Bench.Scenarios;

/// <summary>
/// Issue 18's P1 insertion: a region's day planned (a few hundred visits over its engineers, applied), then again and again a
/// new P1 case with a visit booked on it and a re-plan asked for and applied, as a dispatcher does (<c>POST .../visits</c>,
/// <c>POST /api/regions/{id}/replan</c>, <c>.../apply</c>, here on the grains in-process). Measured: booking to an applied
/// revised plan, and how many engineers' routes each revised plan changed.
/// </summary>
public static class InsertScenario
{
    const string Name = "insert";

    public static async Task RunAsync(BenchOptions options, Report report)
    {
        var (engineers, visits, insertions) = options.Smoke ? (8, 40, 3) : (40, 300, 20);
        var firstLimit = TimeSpan.FromSeconds(options.Smoke ? 0.5 : 6);
        // What a dispatcher asks for on a P1 (the API takes a time limit); the grain's default is ScheduleOptions.TimeLimit (5 s).
        var limit = PlanningArguments.TimeLimit(TimeSpan.FromSeconds(options.Smoke ? 0.2 : 1));
        await using var silo = await InProcessSilo.StartAsync(Path.Combine(options.Output, "logs", $"{Name}-silo.log"), new Dictionary<string, string?>());
        var random = new Random(181);
        var seed = new ScheduleSeed(silo, "east", "shanghai", new GeoPoint(31.23, 121.47));
        await seed.SetPolicyAsync(DispatchMode.Suggest);
        await seed.EngineersAsync("eng-insert", engineers, random);
        await seed.BookAsync(visits, seed.Tomorrow, 1, random);
        var (first, _) = await seed.ReplanAsync(1, firstLimit);
        Output.Line($"  the day: {visits} visits, {first.Moves.Count(m => m.To is not null)} planned by the first re-plan, {first.After.Unplanned} unplanned");

        var (millis, routes, moved, placed) = (new List<double>(), new List<double>(), new List<double>(), 0);
        for (var i = 0; i < insertions; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var (_, visitId) = await seed.BookOneAsync(seed.Near(random), seed.Tomorrow, 1, 60, Severity.P1);
            var (proposal, _) = await seed.ReplanAsync(1, limit);
            millis.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            // A route changed when a visit leaves or joins it; the P1's own engineer counts (their day changed too).
            routes.Add(proposal.Moves.SelectMany(m => new[] { m.From?.EngineerId, m.To?.EngineerId }).OfType<string>().Distinct().Count());
            moved.Add(proposal.Moves.Length);
            if (proposal.Moves.Any(m => m.VisitId == visitId && m.To is not null)) placed++;
        }
        var (time, touched, visitsMoved) = (Summary.Of(millis), Summary.Of(routes), Summary.Of(moved));
        report.Add(new Figure(Name, "booking to applied re-plan, p50", time.P50, "ms"));
        report.Add(new Figure(Name, "booking to applied re-plan, p95", time.P95, "ms", Target: "≤ 2,000 ms", Met: time.P95 <= 2_000));
        report.Add(new Figure(Name, "routes changed per re-plan, p95", touched.P95, "engineers"));
        report.Add(new Figure(Name, "routes changed per re-plan, max", touched.Max, "engineers", Target: "≤ 3", Met: touched.Max <= 3));
        report.Add(new Figure(Name, "visits moved per re-plan, p95", visitsMoved.P95, "visits"));
        report.Add(new Figure(Name, "P1 visits placed", placed, $"of {insertions}"));
        report.Note(Name, $"region east: {engineers} bench engineers (08:00–17:00) beside the demo's, {visits} visits booked for tomorrow and planned by " +
            $"one applied re-plan ({firstLimit.TotalSeconds:0.#} s limit); then {insertions} times a new P1 case with a 60-minute visit in tomorrow's morning, " +
            $"a re-plan over today and tomorrow with a {limit.TotalSeconds:0.#} s search limit (--time-limit S), applied; in-process grain calls, one at a time. " +
            "Routes changed = engineers a moved visit leaves or joins, the P1's own included");
    }
}
