using ServiceGrid.Planning;

namespace ServiceGrid.Tests.Planning;

/// <summary>
/// Issue 18, "moving at most 3 engineers' routes": a re-plan starts from the plan in force and pays
/// <see cref="PlannerSettings.MoveCostKm"/> to move a planned visit to another engineer, so re-planning a plan with nothing
/// new moves nothing, a new visit is fitted in around the others, and the greedy baseline stays a fresh plan. Fixed seeds.
/// </summary>
public sealed class PlannerStabilityTests
{
    // No guided local search: the search ends at its first local minimum, so each plan is one the next search starts at.
    static readonly PlannerSettings Quick = new() { GuidedLocalSearch = false, TimeLimit = TimeSpan.FromSeconds(5) };

    [Fact]
    public void A_replan_of_the_plan_in_force_with_nothing_new_moves_no_visit()
    {
        foreach (var (seed, problem) in PlanningProblems.Fixed(40))
        {
            var first = new OrToolsPlanner().Plan(problem, Quick);

            var again = new OrToolsPlanner().Plan(problem.WithPlanInForce(first), Quick);

            Assert.True(Slots(first).SequenceEqual(Slots(again)), $"seed {seed}: a visit moved or its start changed");
            Assert.True(first.Unplanned.Order().SequenceEqual(again.Unplanned.Order()), $"seed {seed}: the unplanned visits changed");
        }
    }

    [Fact]
    public void A_new_visit_is_fitted_in_and_without_a_move_cost_the_plan_stays_valid()
    {
        foreach (var (seed, problem) in PlanningProblems.Fixed(40))
        {
            var first = new OrToolsPlanner().Plan(problem, Quick);
            var added = new Visit("visit-new", new Location(10, 10), new Window(TimeSpan.FromHours(8), TimeSpan.FromHours(12)), TimeSpan.FromMinutes(30), 1);
            var inForce = problem.WithPlanInForce(first);
            var withNew = inForce with { Visits = [.. inForce.Visits, added] };

            PlanChecks.AssertValid(withNew, new OrToolsPlanner().Plan(withNew, Quick), $"seed {seed}, stay cost");
            PlanChecks.AssertValid(withNew, new OrToolsPlanner().Plan(withNew, Quick with { MoveCostKm = 0 }), $"seed {seed}, no stay cost");
        }
    }

    [Fact]
    public void The_greedy_baseline_ignores_the_plan_in_force()
    {
        foreach (var (seed, problem) in PlanningProblems.Fixed(20))
        {
            var fresh = new GreedyInsertionPlanner().Plan(problem, Quick);
            var shuffled = problem with
            {
                // A plan in force that puts every movable visit on the last engineer at the horizon's start: greedy must not care.
                Visits = [.. problem.Visits.Select(v => v.Fixed is null ? v with { Planned = new PlannedAssignment(problem.Engineers[^1].Id, TimeSpan.Zero) } : v)],
            };
            Assert.True(Slots(fresh).SequenceEqual(Slots(new GreedyInsertionPlanner().Plan(shuffled, Quick))), $"seed {seed}");
        }
    }

    static List<(string VisitId, string EngineerId, TimeSpan Start)> Slots(Plan plan) =>
        [.. plan.Routes.SelectMany(r => r.Stops.Select(s => (s.VisitId, r.EngineerId, s.Start))).OrderBy(s => s.VisitId, StringComparer.Ordinal)];
}
