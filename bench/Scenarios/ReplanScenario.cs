using System.Diagnostics;
using ServiceGrid.Bench.Harness;
using ServiceGrid.Planning;

namespace ServiceGrid.Bench.Scenarios;

/// <summary>
/// Issue #18's re-plan figures on synthetic regions (<see cref="SyntheticRegion"/>, fixed seeds), greedy insertion as the
/// same-run baseline: 1,000 visits × 100 engineers, a plan in ≤ 10 s (OR-Tools with an 8 s limit, which covers the travel
/// matrix, the greedy start and the model as well as the search);
/// with a 30 s limit (--time-limit S) ≥ 20 % less travel than greedy and no more SLA breaches; then a country of
/// 4,000 visits × 500 engineers in 7 regions planned in parallel in ≤ 60 s.
/// </summary>
public static class ReplanScenario
{
    const string Name = "replan";
    const int Seed = 18;

    public static async Task RunAsync(BenchOptions options, Report report)
    {
        var (visits, engineers) = options.Smoke ? (60, 6) : (1_000, 100);
        var (countryVisits, countryEngineers, regions) = options.Smoke ? (120, 12, 3) : (4_000, 500, 7);
        var quick = TimeSpan.FromSeconds(options.Smoke ? 0.5 : 8);
        var thorough = PlanningArguments.TimeLimit(TimeSpan.FromSeconds(options.Smoke ? 1 : 30));
        var countryLimit = TimeSpan.FromSeconds(options.Smoke ? 1 : 40);

        var region = SyntheticRegion.Generate(Seed, visits, engineers);
        var cpuAtStart = CpuSeconds();
        var (greedy, greedySeconds) = Timed(() => new GreedyInsertionPlanner().Plan(region, new PlannerSettings()));
        var (fast, fastSeconds) = Timed(() => new OrToolsPlanner().Plan(region, new PlannerSettings { TimeLimit = quick }));
        var (best, bestSeconds) = Timed(() => new OrToolsPlanner().Plan(region, new PlannerSettings { TimeLimit = thorough }));
        var regionCpu = CpuSeconds() - cpuAtStart;
        // A re-plan of the plan in force (the quick plan, nothing new): what the stay cost's per-vehicle arc costs take, and what moves.
        var inForce = region.WithPlanInForce(fast);
        var (stable, stableSeconds) = Timed(() => new OrToolsPlanner().Plan(inForce, new PlannerSettings { TimeLimit = quick }));
        var (fresh, freshSeconds) = Timed(() => new OrToolsPlanner().Plan(inForce, new PlannerSettings { TimeLimit = quick, MoveCostKm = 0 }));
        Describe("greedy", greedy, greedySeconds);
        Describe($"OR-Tools {quick.TotalSeconds:0.#} s", fast, fastSeconds);
        Describe($"OR-Tools {thorough.TotalSeconds:0.#} s", best, bestSeconds);
        Describe($"re-plan of the {quick.TotalSeconds:0.#} s plan, stay cost {new PlannerSettings().MoveCostKm:0} km", stable, stableSeconds);
        Describe($"re-plan of the {quick.TotalSeconds:0.#} s plan, no stay cost", fresh, freshSeconds);

        var size = $"{visits:#,0} × {engineers}";
        report.Add(new Figure(Name, $"{size}: seconds to a plan (OR-Tools)", fastSeconds, "s", greedySeconds, "≤ 10 s", fastSeconds <= 10));
        report.Add(new Figure(Name, $"{size}: travel, {thorough.TotalSeconds:0.#} s limit", best.Figures.TravelKm, "km",
            greedy.Figures.TravelKm, "≤ 0.8 × greedy", best.Figures.TravelKm <= 0.8 * greedy.Figures.TravelKm));
        report.Add(new Figure(Name, $"{size}: SLA breaches forecast", best.Figures.SlaBreachesForecast, "visits",
            greedy.Figures.SlaBreachesForecast, "≤ greedy", best.Figures.SlaBreachesForecast <= greedy.Figures.SlaBreachesForecast));
        report.Add(new Figure(Name, $"{size}: unplanned visits", best.Figures.Unplanned, "visits", greedy.Figures.Unplanned));
        report.Add(new Figure(Name, $"{size}: travel, {quick.TotalSeconds:0.#} s limit", fast.Figures.TravelKm, "km", greedy.Figures.TravelKm));
        report.Add(new Figure(Name, $"{size}: CPU seconds of the three plans", regionCpu, "s"));
        report.Add(new Figure(Name, $"{size}: re-plan of the plan in force, seconds", stableSeconds, "s", freshSeconds, "≤ 10 s", stableSeconds <= 10));
        report.Add(new Figure(Name, $"{size}: re-plan of the plan in force, visits moved to another engineer", MovedOff(fast, stable), "visits", MovedOff(fast, fresh)));
        report.Add(new Figure(Name, $"{size}: re-plan of the plan in force, travel", stable.Figures.TravelKm, "km", fresh.Figures.TravelKm));

        var country = Enumerable.Range(0, regions)
            .Select(r => SyntheticRegion.Generate(Seed + 1 + r, Share(countryVisits, regions, r), Share(countryEngineers, regions, r))).ToList();
        var (clock, countryCpuAtStart) = (Stopwatch.StartNew(), CpuSeconds());
        var plans = await Task.WhenAll(country.Select(problem =>
            Task.Run(() => new OrToolsPlanner().Plan(problem, new PlannerSettings { TimeLimit = countryLimit }))));
        var (countrySeconds, countryCpu) = (clock.Elapsed.TotalSeconds, CpuSeconds() - countryCpuAtStart);
        var countryGreedy = country.Select(problem => new GreedyInsertionPlanner().Plan(problem, new PlannerSettings())).ToList();
        var countrySize = $"{countryVisits:#,0} × {countryEngineers} in {regions} regions";
        Output.Line($"  {countrySize}: {countrySeconds:0.0} s, travel {plans.Sum(p => p.Figures.TravelKm):#,0} km " +
            $"(greedy {countryGreedy.Sum(p => p.Figures.TravelKm):#,0}), unplanned {plans.Sum(p => p.Figures.Unplanned)} " +
            $"(greedy {countryGreedy.Sum(p => p.Figures.Unplanned)})");
        report.Add(new Figure(Name, $"{countrySize}: seconds, in parallel", countrySeconds, "s", Target: "≤ 60 s", Met: countrySeconds <= 60));
        report.Add(new Figure(Name, $"{countrySize}: CPU seconds", countryCpu, "s"));
        report.Add(new Figure(Name, $"{countrySize}: travel", plans.Sum(p => p.Figures.TravelKm), "km", countryGreedy.Sum(p => p.Figures.TravelKm)));
        report.Note(Name, $"synthetic regions (bench/Scenarios/SyntheticRegion.cs, seed {Seed}); baseline = greedy insertion in the same run; " +
            $"OR-Tools = guided local search from the greedy plan in sectors of 25 engineers; the re-plan of the plan in force starts from the quick plan with nothing new, " +
            $"with the stay cost ({new PlannerSettings().MoveCostKm:0} km per visit moved to another engineer, per-vehicle arc costs) and, as its baseline, without; " +
            $"a time limit covers the whole call (travel matrix, greedy start, models, search); seconds include all of it; " +
            $"the country's regions run at once with a {countryLimit.TotalSeconds:0.#} s limit each on this machine's {Environment.ProcessorCount} cores");
    }

    /// <summary>Visits <paramref name="after"/> puts on another engineer than <paramref name="before"/> did, or leaves out.</summary>
    static int MovedOff(Plan before, Plan after)
    {
        var engineerOf = after.Routes.SelectMany(r => r.Stops.Select(s => (s.VisitId, r.EngineerId))).ToDictionary(x => x.VisitId, x => x.EngineerId);
        return before.Routes.Sum(r => r.Stops.Count(s => engineerOf.GetValueOrDefault(s.VisitId) != r.EngineerId));
    }

    static int Share(int total, int parts, int part) => total / parts + (part < total % parts ? 1 : 0);

    static (Plan Plan, double Seconds) Timed(Func<Plan> plan)
    {
        var clock = Stopwatch.StartNew();
        var result = plan();
        return (result, clock.Elapsed.TotalSeconds);
    }

    /// <summary>CPU the bench has used: on a shared machine the solver's share of a core shows in it, not in the wall time.</summary>
    static double CpuSeconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    static void Describe(string planner, Plan plan, double seconds) =>
        Output.Line($"  {planner}: {seconds:0.0} s, travel {plan.Figures.TravelKm:#,0} km, unplanned {plan.Figures.Unplanned}, " +
            $"late {plan.Figures.VisitsLate}, SLA breaches {plan.Figures.SlaBreachesForecast}, engineers used {plan.Figures.EngineersUsed}");
}
