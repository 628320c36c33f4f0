using System.Diagnostics;
using ServiceGrid.Bench.Harness;
using ServiceGrid.Cases;
using ServiceGrid.Organization;
using ServiceGrid.Schedule;

namespace ServiceGrid.Bench.Scenarios;

/// <summary>
/// Issue 18's P1 insertion: a region's day planned (a few hundred visits over its engineers, applied), then again and again a
/// new P1 case with a visit booked on it and that visit fitted in and applied, as a dispatcher does (<c>POST .../visits</c>,
/// <c>POST /api/regions/{id}/replan</c> with <c>visitId</c>, <c>.../apply</c>, here on the grains in-process) or the auto
/// policy does by itself; then, as the same-run comparison, P1s followed by a re-plan of the whole region. Measured: booking
/// to an applied revised plan, and how many engineers' routes each revised plan changed.
/// </summary>
public static class InsertScenario
{
    const string Name = "insert";

    public static async Task RunAsync(BenchOptions options, Report report)
    {
        var (engineers, visits, insertions) = options.Smoke ? (8, 40, 3) : (40, 300, 20);
        var firstLimit = TimeSpan.FromSeconds(options.Smoke ? 0.5 : 6);
        // What a dispatcher asks for on a P1 (the API takes a time limit); ScheduleOptions.InsertionTimeLimit is 1 s too.
        var limit = PlanningArguments.TimeLimit(TimeSpan.FromSeconds(options.Smoke ? 0.2 : 1));
        await using var silo = await InProcessSilo.StartAsync(Path.Combine(options.Output, "logs", $"{Name}-silo.log"), new Dictionary<string, string?>());
        var random = new Random(181);
        var seed = new ScheduleSeed(silo, "east", "shanghai", new GeoPoint(31.23, 121.47));
        await seed.SetPolicyAsync(DispatchMode.Suggest);
        await seed.EngineersAsync("eng-insert", engineers, random);
        await seed.BookAsync(visits, seed.Tomorrow, 1, random);
        var (first, _) = await seed.ReplanAsync(1, firstLimit);
        Output.Line($"  the day: {visits} visits, {first.Moves.Count(m => m.To is not null)} planned by the first re-plan, {first.After.Unplanned} unplanned");

        // The P1 path, as a dispatcher asks for it ("fit in": POST .../replan with visitId) and as the auto policy runs it.
        var fitted = await MeasureAsync(seed, random, insertions, visitId => seed.Schedule.ProposeInsertion(visitId, 1, limit));
        Add(report, "P1 insertion", fitted, insertions, targets: true);
        // The whole region re-planned after each booking, as before the P1 path (now starting from the plan in force, with the stay cost).
        var whole = await MeasureAsync(seed, random, insertions / 2, _ => seed.Schedule.Propose(1, limit));
        Add(report, "re-plan", whole, insertions / 2, targets: false);
        report.Note(Name, $"region east: {engineers} bench engineers (08:00–17:00) beside the demo's, {visits} visits booked for tomorrow and planned by " +
            $"one applied re-plan ({firstLimit.TotalSeconds:0.#} s limit); then {insertions} times a new P1 case with a 60-minute visit in tomorrow's morning " +
            $"fitted in (ProposeInsertion: the visit and the {InsertionEngineers} nearest qualified on-shift engineers' visits), then {insertions / 2} times " +
            $"the same followed by a re-plan of the whole region (today and tomorrow); each with a {limit.TotalSeconds:0.#} s search limit (--time-limit S) " +
            "and applied; in-process grain calls, one at a time. Routes changed = engineers a moved visit leaves or joins, the P1's own included");
    }

    const int InsertionEngineers = 3;

    sealed record Measured(List<double> Millis, List<double> Routes, List<double> Moved, int Placed);

    /// <summary>Books a P1 visit, asks for a proposal, applies it, <paramref name="count"/> times; timed from the booking to the applied plan.</summary>
    static async Task<Measured> MeasureAsync(ScheduleSeed seed, Random random, int count, Func<string, Task<ReplanProposal>> propose)
    {
        var measured = new Measured([], [], [], 0);
        var placed = 0;
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var (_, visitId) = await seed.BookOneAsync(seed.Near(random), seed.Tomorrow, 1, 60, Severity.P1);
            var proposal = await propose(visitId);
            await seed.Schedule.Apply(proposal.Id, "bench");
            measured.Millis.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            // A route changed when a visit leaves or joins it; the P1's own engineer counts (their day changed too).
            measured.Routes.Add(proposal.Moves.SelectMany(m => new[] { m.From?.EngineerId, m.To?.EngineerId }).OfType<string>().Distinct().Count());
            measured.Moved.Add(proposal.Moves.Length);
            if (proposal.Moves.Any(m => m.VisitId == visitId && m.To is not null)) placed++;
        }
        return measured with { Placed = placed };
    }

    /// <summary>The figures of one path; <paramref name="targets"/>: issue 18's P1 targets apply to it (p95 ≤ 2 s, at most 3 routes).</summary>
    static void Add(Report report, string what, Measured measured, int count, bool targets)
    {
        var (time, touched, visitsMoved) = (Summary.Of(measured.Millis), Summary.Of(measured.Routes), Summary.Of(measured.Moved));
        report.Add(new Figure(Name, $"booking to applied {what}, p50", time.P50, "ms"));
        report.Add(new Figure(Name, $"booking to applied {what}, p95", time.P95, "ms",
            Target: targets ? "≤ 2,000 ms" : null, Met: targets ? time.P95 <= 2_000 : null));
        report.Add(new Figure(Name, $"routes changed per {what}, p95", touched.P95, "engineers"));
        report.Add(new Figure(Name, $"routes changed per {what}, max", touched.Max, "engineers",
            Target: targets ? $"≤ {InsertionEngineers}" : null, Met: targets ? touched.Max <= InsertionEngineers : null));
        report.Add(new Figure(Name, $"visits moved per {what}, p95", visitsMoved.P95, "visits"));
        report.Add(new Figure(Name, targets ? "P1 visits placed" : $"P1 visits placed by a {what}", measured.Placed, $"of {count}"));
    }
}
