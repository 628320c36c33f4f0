using ServiceGrid.Planning;

namespace ServiceGrid.Tests.Planning;

/// <summary>
/// Issue #18: whatever the region, a plan never double-books an engineer, keeps every visit inside its window and its
/// engineer's shift, respects skills and capacities, and never moves a pinned or started visit. Fixed seeds: the same
/// problems every run.
/// </summary>
public sealed class PlannerPropertyTests
{
    // No guided local search: the search ends at its first local minimum, so the tests take no time limit's worth.
    static readonly PlannerSettings Quick = new() { GuidedLocalSearch = false, TimeLimit = TimeSpan.FromSeconds(5) };

    const string InSectors = "OrToolsPlanner in sectors of 2 engineers";

    // Guided local search in two searches at once (the portfolio), each from another construction: 0.2 s a problem.
    const string Portfolio = "OrToolsPlanner, two searches at once";

    public static TheoryData<string> Planners => [nameof(GreedyInsertionPlanner), nameof(OrToolsPlanner), InSectors, Portfolio];

    [Theory]
    [MemberData(nameof(Planners))]
    public void Every_plan_keeps_windows_shifts_skills_capacities_and_pinned_visits_and_never_double_books(string planner)
    {
        var problems = PlanningProblems.Fixed(planner switch { nameof(GreedyInsertionPlanner) => 200, Portfolio => 25, _ => 40 }).ToList();
        Assert.Contains(problems, p => p.Problem.Visits.Any(v => v.Fixed is not null));
        IRoutePlanner solver = planner == nameof(GreedyInsertionPlanner) ? new GreedyInsertionPlanner() : new OrToolsPlanner();
        var settings = planner switch
        {
            InSectors => Quick with { EngineersPerSearch = 2 },
            Portfolio => new PlannerSettings { TimeLimit = TimeSpan.FromSeconds(0.2), SearchesAtOnce = 2 },
            _ => Quick,
        };

        foreach (var (seed, problem) in problems)
            PlanChecks.AssertValid(problem, solver.Plan(problem, settings), $"{planner}, seed {seed}");
    }

    [Fact]
    public void OrTools_plans_no_fewer_visits_and_no_more_travel_than_the_greedy_plan_it_starts_from()
    {
        foreach (var (seed, problem) in PlanningProblems.Fixed(40))
        {
            var greedy = new GreedyInsertionPlanner().Plan(problem, Quick);
            var optimized = new OrToolsPlanner().Plan(problem, Quick);
            Assert.True(optimized.Figures.Unplanned <= greedy.Figures.Unplanned, $"seed {seed}: more unplanned than greedy");
            if (optimized.Figures.Unplanned == greedy.Figures.Unplanned && optimized.Figures.SlaBreachesForecast == greedy.Figures.SlaBreachesForecast)
                Assert.True(optimized.Figures.TravelKm <= greedy.Figures.TravelKm + 0.01, $"seed {seed}: more travel than greedy");
        }
    }
}
