namespace ServiceGrid.Planning;

/// <summary>
/// The plan in force as routes: each engineer's pinned visits, then the visits <see cref="Visit.Planned"/> on them in planned
/// order, each kept where the route stays feasible (a shift that shrank, an engineer who moved, a window changed since can
/// make one no longer fit; it is then placed again like an unplanned visit). A re-plan starts here, so a visit nothing
/// pushes stays where it is.
/// </summary>
static class PlanInForce
{
    public static List<int>[] Routes(CompiledProblem p)
    {
        var routes = GreedyInsertionPlanner.Pinned(p);
        var planned = Enumerable.Range(0, p.VisitCount).Where(v => p.PlannedEngineer[v] >= 0 && p.Eligible(p.PlannedEngineer[v], v))
            .OrderBy(v => p.PlannedStart[v]).ThenBy(v => p.Problem.Visits[v].Id, StringComparer.Ordinal);
        foreach (var visit in planned)
        {
            var k = p.PlannedEngineer[visit];
            var route = routes[k];
            var position = route.FindIndex(other => StartOf(p, other) > p.PlannedStart[visit]);
            if (position < 0) position = route.Count;
            route.Insert(position, visit);
            if (!RouteSchedule.Evaluate(p, k, route.ToArray()).Feasible) route.RemoveAt(position);
        }
        return routes;
    }

    static long StartOf(CompiledProblem p, int visit) => p.IsFixed(visit) ? p.FixedStart[visit] : p.PlannedStart[visit];
}
