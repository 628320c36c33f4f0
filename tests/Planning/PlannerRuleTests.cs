using ServiceGrid.Planning;

namespace ServiceGrid.Tests.Planning;

/// <summary>Single rules of the planners, on hand-made problems.</summary>
public sealed class PlannerRuleTests
{
    static readonly PlannerSettings Quick = new() { GuidedLocalSearch = false, TimeLimit = TimeSpan.FromSeconds(5) };
    static readonly Window Day = new(TimeSpan.FromHours(8), TimeSpan.FromHours(17));
    static readonly Location Office = new(0, 0);

    public static TheoryData<string> Planners => [nameof(GreedyInsertionPlanner), nameof(OrToolsPlanner)];

    static IRoutePlanner Create(string name) => name == nameof(OrToolsPlanner) ? new OrToolsPlanner() : new GreedyInsertionPlanner();

    static Engineer Engineer(string id, params string[] skills) => new(id, Office, Day, skills.ToHashSet(), Office);

    static Visit At(string id, double hour, int priority, double hours = 1, string? skill = null) =>
        new(id, new Location(1, 1), new Window(TimeSpan.FromHours(hour), TimeSpan.FromHours(hour)), TimeSpan.FromHours(hours), priority, skill);

    [Theory]
    [MemberData(nameof(Planners))]
    public void When_two_visits_need_the_same_hour_the_P1_is_planned_and_the_P5_is_not(string planner)
    {
        var problem = new PlanningProblem([Engineer("eng")], [At("p5", 10, 5), At("p1", 10, 1)], PlanningProblems.Travel);

        var plan = Create(planner).Plan(problem, Quick);

        Assert.Equal(["p1"], plan.Routes.Single().Stops.Select(s => s.VisitId));
        Assert.Equal(["p5"], plan.Unplanned);
    }

    [Theory]
    [MemberData(nameof(Planners))]
    public void A_visit_needing_a_skill_nobody_has_is_left_unplanned_and_counted(string planner)
    {
        var problem = new PlanningProblem([Engineer("eng", "electrical")], [At("pump", 10, 3, skill: "hydraulic")], PlanningProblems.Travel);

        var plan = Create(planner).Plan(problem, Quick);

        Assert.Equal(["pump"], plan.Unplanned);
        Assert.Equal(1, plan.Figures.Unplanned);
    }

    [Theory]
    [MemberData(nameof(Planners))]
    public void Pinned_visits_that_cannot_all_be_kept_are_refused_as_a_contradiction(string planner)
    {
        var pinned = new FixedAssignment("eng", TimeSpan.FromHours(10));
        var problem = new PlanningProblem([Engineer("eng")],
            [At("a", 10, 3, hours: 2) with { Fixed = pinned }, At("b", 11, 3) with { Fixed = pinned with { Start = TimeSpan.FromHours(11) } }],
            PlanningProblems.Travel);

        Assert.Throws<ArgumentException>(() => Create(planner).Plan(problem, Quick));
    }

    [Theory]
    [MemberData(nameof(Planners))]
    public void A_visit_pinned_to_an_unknown_engineer_is_refused(string planner)
    {
        var problem = new PlanningProblem([Engineer("eng")], [At("a", 10, 3) with { Fixed = new FixedAssignment("ghost", TimeSpan.FromHours(10)) }],
            PlanningProblems.Travel);

        Assert.Throws<ArgumentException>(() => Create(planner).Plan(problem, Quick));
    }

    [Fact]
    public void A_late_P1_counts_as_late_and_as_a_forecast_breach()
    {
        var late = At("p1", 12, 1) with { Due = TimeSpan.FromHours(11) };
        var problem = new PlanningProblem([Engineer("eng")], [late], PlanningProblems.Travel);

        var plan = new GreedyInsertionPlanner().Plan(problem, Quick);

        Assert.True(plan.Routes.Single().Stops.Single().Late);
        Assert.Equal((1, 1), (plan.Figures.VisitsLate, plan.Figures.SlaBreachesForecast));
    }

    [Fact]
    public void A_cancelled_search_stops_and_says_so()
    {
        var problem = PlanningProblems.Fixed(20).Select(p => p.Problem).First(p => p.Visits.Count > 5);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() =>
            new OrToolsPlanner().Plan(problem, new PlannerSettings { TimeLimit = TimeSpan.FromMinutes(5), StartFromGreedy = false }, cancel.Token));
    }
}
