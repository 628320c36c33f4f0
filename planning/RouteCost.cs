namespace ServiceGrid.Planning;

/// <summary>What one route costs, or that it breaks a window, a shift, a capacity or a pinned start.</summary>
readonly record struct RouteCost(bool Feasible, long Metres, long Lateness)
{
    public static readonly RouteCost Infeasible = new(false, 0, 0);

    public long Total => Metres + Lateness;
}

static class RouteSchedule
{
    /// <summary>
    /// The earliest schedule of <paramref name="route"/> on <paramref name="engineer"/>'s day: leave at the shift start,
    /// wait at a visit until its window opens, keep every pinned start exactly. Writes the starts when asked.
    /// </summary>
    public static RouteCost Evaluate(CompiledProblem p, int engineer, ReadOnlySpan<int> route, Span<long> starts = default)
    {
        if (route.IsEmpty) return new RouteCost(true, 0, 0);
        var time = p.ShiftStart[engineer];
        var previous = p.StartNode(engineer);
        long load = 0, metres = 0, lateness = 0;
        for (var i = 0; i < route.Length; i++)
        {
            var visit = route[i];
            var arrival = time + p.TravelSeconds[previous][visit];
            long start;
            if (p.IsFixed(visit))
            {
                if (arrival > p.FixedStart[visit]) return RouteCost.Infeasible;
                start = p.FixedStart[visit];
            }
            else
            {
                start = Math.Max(arrival, p.WindowStart[visit]);
                if (start > p.WindowEnd[visit]) return RouteCost.Infeasible;
            }
            if (start > p.Due[visit]) lateness += (start - p.Due[visit]) * p.LatenessPerSecond[visit];
            load += p.Demand[visit];
            if (load > p.Capacity[engineer]) return RouteCost.Infeasible;
            metres += p.TravelMetres[previous][visit];
            if (!starts.IsEmpty) starts[i] = start;
            time = start + p.Duration[visit];
            previous = visit;
        }
        var end = p.EndNode(engineer);
        if (time + p.TravelSeconds[previous][end] > p.ShiftEnd[engineer]) return RouteCost.Infeasible;
        return new RouteCost(true, metres + p.TravelMetres[previous][end], lateness);
    }

    /// <summary>The plan a caller reads, with its figures, from visit indices per engineer.</summary>
    public static Plan ToPlan(CompiledProblem p, IReadOnlyList<IReadOnlyList<int>> routes)
    {
        var planned = new bool[p.VisitCount];
        var result = new List<Route>(p.EngineerCount);
        long metres = 0;
        int late = 0, used = 0;
        for (var k = 0; k < p.EngineerCount; k++)
        {
            var route = routes[k].ToArray();
            var starts = new long[route.Length];
            if (!Evaluate(p, k, route, starts).Feasible)
                throw new InvalidOperationException($"The route of engineer '{p.Problem.Engineers[k].Id}' breaks a constraint.");
            var stops = new List<Stop>(route.Length);
            var previous = p.StartNode(k);
            for (var i = 0; i < route.Length; i++)
            {
                var visit = route[i];
                planned[visit] = true;
                var isLate = starts[i] > p.Due[visit];
                late += isLate ? 1 : 0;
                metres += p.TravelMetres[previous][visit];
                stops.Add(new Stop(p.Problem.Visits[visit].Id, TimeSpan.FromSeconds(starts[i]),
                    TimeSpan.FromSeconds(p.TravelSeconds[previous][visit]), p.TravelMetres[previous][visit] / 1000.0, isLate));
                previous = visit;
            }
            var toEnd = route.Length == 0 ? 0 : p.TravelMetres[previous][p.EndNode(k)];
            metres += toEnd;
            used += route.Length > 0 ? 1 : 0;
            result.Add(new Route(p.Problem.Engineers[k].Id, stops,
                route.Length == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(p.TravelSeconds[previous][p.EndNode(k)]), toEnd / 1000.0));
        }
        var unplanned = Enumerable.Range(0, p.VisitCount).Where(v => !planned[v]).ToList();
        var breaches = late + unplanned.Count(v => p.Due[v] <= p.HorizonEnd);
        return new Plan(result, unplanned.Select(v => p.Problem.Visits[v].Id).ToList(),
            new PlanFigures(metres / 1000.0, late, breaches, unplanned.Count, used));
    }
}
