using System.Diagnostics;
using Google.OrTools.ConstraintSolver;
using ServiceGrid.Bench.Scenarios;
using ServiceGrid.Planning;

namespace ServiceGrid.Tests.Planning;

/// <summary>Issue #18: the planner's searches at once keep the best plan, stop together, and share one time limit with the
/// rest of the call.</summary>
public sealed class PortfolioTests
{
    static readonly Window Day = new(TimeSpan.FromHours(8), TimeSpan.FromHours(17));

    [Fact]
    public void The_portfolio_keeps_the_cheapest_of_its_searches_and_of_the_first_routes()
    {
        // Three visits on a line east of the office: in order is the shortest route, back and forth a longer one.
        var visits = Enumerable.Range(1, 3)
            .Select(km => new Visit($"at-{km}-km", new Location(km, 0), Day, TimeSpan.FromMinutes(10), 3)).ToList();
        var problem = new PlanningProblem([new Engineer("eng", new Location(0, 0), Day, new HashSet<string>(), new Location(0, 0))],
            visits, PlanningProblems.Travel);
        var p = new CompiledProblem(problem, new PlannerSettings());
        List<int>[] inOrder = [[0, 1, 2]], backAndForth = [[2, 0, 1]], oneVisit = [[0]];
        SearchStrategy[] strategies =
        [
            new("back and forth", false, FirstSolutionStrategy.Types.Value.Savings, Guided: true),
            new("in order", false, FirstSolutionStrategy.Types.Value.ParallelCheapestInsertion, Guided: true),
        ];

        var best = Portfolio.Best(p, oneVisit, strategies, strategy => strategy.Name == "in order" ? inOrder : backAndForth);

        Assert.True(Portfolio.Objective(p, inOrder) < Portfolio.Objective(p, backAndForth));
        Assert.Same(inOrder, best);
        Assert.Same(oneVisit, Portfolio.Best(p, oneVisit, strategies, _ => null));
    }

    [Fact]
    public void Cancelling_stops_every_search_of_the_portfolio()
    {
        var instance = SolomonInstance.Load(SolomonTests.Instance("C101"));
        var settings = new PlannerSettings { TimeLimit = TimeSpan.FromMinutes(10), SearchesAtOnce = 2 };
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();

        Assert.ThrowsAny<OperationCanceledException>(() => new OrToolsPlanner().Plan(instance.ToProblem(), settings, cancel.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"the call returned after {clock.Elapsed}: a search ran on past the cancellation");
    }

    [Fact]
    public void A_time_limit_spent_before_the_search_leaves_the_greedy_plan()
    {
        var problem = PlanningProblems.Fixed(20).Select(p => p.Problem).First(p => p.Visits.Count > 5);
        // Ten minutes of search on the real clock; on this one, an hour passes at every reading.
        var settings = new PlannerSettings { TimeLimit = TimeSpan.FromMinutes(10), Clock = new HourPerReading() };

        var plan = new OrToolsPlanner().Plan(problem, settings);
        var greedy = new GreedyInsertionPlanner().Plan(problem, settings);

        Assert.Equal(greedy.Routes.Select(r => r.Stops.Select(s => s.VisitId)), plan.Routes.Select(r => r.Stops.Select(s => s.VisitId)));
    }

    sealed class HourPerReading : TimeProvider
    {
        long _now;

        public override long GetTimestamp() => _now += TimestampFrequency * 3600;
    }
}
