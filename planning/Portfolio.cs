using Google.OrTools.ConstraintSolver;

namespace ServiceGrid.Planning;

/// <summary>
/// Several searches of one problem at once, each on a thread of its own, and the best plan they return. OR-Tools' routing
/// search is single-threaded, so on a machine with a spare core a second search from another start or with another way
/// out of local minima costs no wall time and often finds what the first misses. Every search watches the same token.
/// </summary>
static class Portfolio
{
    /// <summary>
    /// The searches a problem gets, the first <see cref="PlannerSettings.SearchesAtOnce"/> of: the first routes (the greedy
    /// plan) improved by guided local search, as a sector of a large region gets alone; then OR-Tools' parallel savings
    /// with a light penalty, another start and another search radius, which finds the clustered plans that the greedy start
    /// misses (Solomon's C103 and C104: +8.0 and +7.1 % from the greedy plan, +4.4 and +3.1 % from savings, docs/planning.md);
    /// then parallel cheapest insertion with the default penalty (RC108: +3.8 %, where both others open too many routes),
    /// for a machine with a third core to give.
    /// </summary>
    public static IReadOnlyList<SearchStrategy> Strategies(PlannerSettings settings)
    {
        if (!settings.GuidedLocalSearch) return [new("descent from the first routes", true, FirstSolutionStrategy.Types.Value.ParallelCheapestInsertion, Guided: false)];
        SearchStrategy[] portfolio =
        [
            new("first routes + guided local search", true, FirstSolutionStrategy.Types.Value.ParallelCheapestInsertion, Guided: true),
            new("parallel savings + light guided local search", false, FirstSolutionStrategy.Types.Value.ParallelSavings, Guided: true, 0.03),
            new("parallel cheapest insertion + guided local search", false, FirstSolutionStrategy.Types.Value.ParallelCheapestInsertion, Guided: true),
        ];
        return portfolio.Take(Math.Max(1, settings.SearchesAtOnce)).ToList();
    }

    /// <summary>The cheapest of the searches' plans and <paramref name="firstRoutes"/>; null if there is none.</summary>
    public static List<int>[]? Best(
        CompiledProblem p, List<int>[]? firstRoutes, IReadOnlyList<SearchStrategy> strategies, Func<SearchStrategy, List<int>[]?> search)
    {
        if (strategies.Count == 1) return search(strategies[0]) ?? firstRoutes;
        // Long-running: a search holds its thread for the whole time limit; it must not take a pool thread from the silo.
        var searches = strategies.Select(strategy => Task.Factory.StartNew(() => search(strategy), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        try
        {
            Task.WaitAll(searches);
        }
        catch (AggregateException failed)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(
                failed.InnerExceptions.FirstOrDefault(e => e is not OperationCanceledException) ?? failed.InnerExceptions[0]);
        }
        return searches.Select(s => s.Result).Append(firstRoutes).OfType<List<int>[]>().MinBy(routes => Objective(p, routes));
    }

    /// <summary>What OR-Tools minimizes, from our own schedule of the routes: travel, lateness, engineers used, the
    /// penalties of visits left out, and the stay cost of every planned visit moved off its engineer (a search from a fresh
    /// construction must not win by redrawing the plan in force).</summary>
    public static long Objective(CompiledProblem p, IReadOnlyList<IReadOnlyList<int>> routes)
    {
        var planned = new bool[p.VisitCount];
        long total = 0;
        for (var k = 0; k < p.EngineerCount; k++)
        {
            var route = routes[k].ToArray();
            foreach (var visit in route)
            {
                planned[visit] = true;
                if (p.HasPlanInForce && p.PlannedEngineer[visit] >= 0 && p.PlannedEngineer[visit] != k) total += p.MoveCost;
            }
            total += RouteSchedule.Evaluate(p, k, route).Total + (route.Length > 0 ? p.EngineerUsedCost : 0);
        }
        for (var v = 0; v < p.VisitCount; v++)
            if (!planned[v]) total += p.UnplannedPenalty[v];
        return total;
    }
}
