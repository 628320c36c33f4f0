using Google.OrTools.ConstraintSolver;

namespace ServiceGrid.Planning;

/// <summary>
/// Google OR-Tools' routing library: a time dimension for windows and shifts, a load dimension for capacities, allowed
/// vehicles for skills, a disjunction per movable visit whose penalty grows with its priority (what cannot fit is left
/// out, P5 before P1), soft upper bounds at SLA dues, pinned visits fixed to their engineer and start. Searches at once
/// from different starts (<see cref="Portfolio"/>): the first from the plan in force (unplanned visits inserted greedily),
/// until the time limit, which covers the whole call (<see cref="Deadline"/>); moving a planned visit to another
/// engineer costs <see cref="PlannerSettings.MoveCostKm"/>.
/// </summary>
public sealed class OrToolsPlanner : IRoutePlanner
{
    const string TimeDimension = "Time";
    const string LoadDimension = "Load";

    public Plan Plan(PlanningProblem problem, PlannerSettings settings, CancellationToken cancellationToken = default) =>
        Plan(problem, settings, new Deadline(settings), cancellationToken);

    /// <summary>Plans within <paramref name="deadline"/>, which a region's sectors share with the call that cut them.</summary>
    Plan Plan(PlanningProblem problem, PlannerSettings settings, Deadline deadline, CancellationToken cancellationToken)
    {
        var p = new CompiledProblem(problem, settings);
        var greedy = settings.StartFromGreedy ? InitialRoutes(p, cancellationToken) : null;
        if (p.VisitCount == 0 || p.EngineerCount == 0)
            return RouteSchedule.ToPlan(p, greedy ?? GreedyInsertionPlanner.Routes(p, cancellationToken));
        if (p.EngineerCount > settings.EngineersPerSearch)
            return Sectors.Plan(p, greedy ?? GreedyInsertionPlanner.Routes(p, cancellationToken), settings,
                (sector, sectorSettings) => Plan(sector, sectorSettings, deadline, cancellationToken));

        var best = Portfolio.Best(p, greedy, Portfolio.Strategies(settings), strategy => Search(p, greedy, strategy, deadline, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
        return RouteSchedule.ToPlan(p, best ?? greedy ?? GreedyInsertionPlanner.Routes(p, cancellationToken));
    }

    /// <summary>One search on a model of its own (a routing model is not shared between threads); null if it found nothing.</summary>
    static List<int>[]? Search(CompiledProblem p, List<int>[]? firstRoutes, SearchStrategy strategy, Deadline deadline, CancellationToken cancellationToken)
    {
        var starts = Enumerable.Range(0, p.EngineerCount).Select(p.StartNode).ToArray();
        var ends = Enumerable.Range(0, p.EngineerCount).Select(p.EndNode).ToArray();
        using var manager = new RoutingIndexManager(p.NodeCount, p.EngineerCount, starts, ends);
        using var routing = new RoutingModel(manager);
        // The wrapper holds the cancellation callback that native code calls: it must outlive the search.
        var solver = routing.solver();
        Build(p, manager, routing);
        routing.AddSearchMonitor(solver.MakeCustomLimit(() => cancellationToken.IsCancellationRequested));

        var limit = deadline.ForSearch;
        if (limit <= TimeSpan.Zero) return null;
        var parameters = strategy.Parameters(limit);
        routing.CloseModelWithParameters(parameters);
        var initial = strategy.FromFirstRoutes && firstRoutes is not null
            ? routing.ReadAssignmentFromRoutes(firstRoutes.Select(route => route.Select(v => manager.NodeToIndex(v)).ToArray()).ToArray(), true)
            : null;
        var solution = initial is null ? routing.SolveWithParameters(parameters) : routing.SolveFromAssignmentWithParameters(initial, parameters);
        GC.KeepAlive(solver);
        return solution is null ? null : Routes(p, manager, routing, solution);
    }

    static void Build(CompiledProblem p, RoutingIndexManager manager, RoutingModel routing)
    {
        SetArcCosts(p, routing);
        if (p.EngineerUsedCost > 0) routing.SetFixedCostOfAllVehicles(p.EngineerUsedCost);

        // A visit's time transit is its duration plus the drive to the next node; the slack is waiting.
        var withService = p.TravelSeconds.Select((row, from) =>
            from < p.VisitCount ? row.Select(seconds => seconds + p.Duration[from]).ToArray() : row).ToArray();
        routing.AddDimension(routing.RegisterTransitMatrix(withService), p.HorizonEnd, p.HorizonEnd, false, TimeDimension);
        var time = routing.GetMutableDimension(TimeDimension);
        for (var k = 0; k < p.EngineerCount; k++)
        {
            time.CumulVar(routing.Start(k)).SetRange(p.ShiftStart[k], p.ShiftEnd[k]);
            time.CumulVar(routing.End(k)).SetRange(p.ShiftStart[k], p.ShiftEnd[k]);
        }
        if (p.HasCapacities)
        {
            var demands = Enumerable.Range(0, p.NodeCount).Select(node => node < p.VisitCount ? p.Demand[node] : 0).ToArray();
            routing.AddDimensionWithVehicleCapacity(routing.RegisterUnaryTransitVector(demands), 0, p.Capacity, true, LoadDimension);
        }

        var vehicles = routing.VehicleVars();
        for (var v = 0; v < p.VisitCount; v++)
        {
            var index = manager.NodeToIndex(v);
            if (p.IsFixed(v))
            {
                routing.ActiveVar(index).SetValue(1);
                vehicles[(int)index].SetValue(p.FixedEngineer[v]);
                time.CumulVar(index).SetValue(p.FixedStart[v]);
                continue;
            }
            routing.AddDisjunction([index], p.UnplannedPenalty[v]);
            var allowed = Enumerable.Range(0, p.EngineerCount).Where(k => p.Eligible(k, v)).Select(k => (long)k).ToList();
            if (allowed.Count == 0)
            {
                // Nobody qualifies, or the window lies outside every shift: its cumul range would be empty.
                routing.ActiveVar(index).SetValue(0);
                continue;
            }
            if (allowed.Count < p.EngineerCount) vehicles[(int)index].SetValues([-1, .. allowed]);
            time.CumulVar(index).SetRange(p.WindowStart[v], Math.Min(p.WindowEnd[v], p.HorizonEnd));
            if (p.Due[v] < p.HorizonEnd) time.SetCumulVarSoftUpperBound(index, p.Due[v], p.LatenessPerSecond[v]);
        }
    }

    static List<int>[] Routes(CompiledProblem p, RoutingIndexManager manager, RoutingModel routing, Assignment solution)
    {
        var routes = new List<int>[p.EngineerCount];
        for (var k = 0; k < p.EngineerCount; k++)
        {
            routes[k] = [];
            for (var index = solution.Value(routing.NextVar(routing.Start(k))); !routing.IsEnd(index); index = solution.Value(routing.NextVar(index)))
                routes[k].Add(manager.IndexToNode(index));
        }
        return routes;
    }

    /// <summary>The first solution: the plan in force with every other visit at its cheapest place (the greedy plan when
    /// nothing is planned yet).</summary>
    static List<int>[] InitialRoutes(CompiledProblem p, CancellationToken cancellationToken) =>
        GreedyInsertionPlanner.Routes(p, cancellationToken, PlanInForce.Routes(p));

    /// <summary>
    /// Travel, plus the stay cost: on vehicle k, the arc into a visit planned on another engineer costs
    /// <see cref="CompiledProblem.MoveCost"/> more, so OR-Tools moves a planned visit only when that buys more. Per-vehicle
    /// matrices (OR-Tools has no soft same-vehicle cost per visit); the engineers with nothing planned share one.
    /// </summary>
    static void SetArcCosts(CompiledProblem p, RoutingModel routing)
    {
        if (!p.HasPlanInForce)
        {
            routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitMatrix(p.TravelMetres));
            return;
        }
        var holding = Enumerable.Range(0, p.VisitCount).Where(v => p.PlannedEngineer[v] >= 0).Select(v => p.PlannedEngineer[v]).ToHashSet();
        var shared = -1;
        for (var k = 0; k < p.EngineerCount; k++)
        {
            if (!holding.Contains(k) && shared >= 0)
            {
                routing.SetArcCostEvaluatorOfVehicle(shared, k);
                continue;
            }
            var evaluator = routing.RegisterTransitMatrix(WithMoveCost(p, k));
            if (!holding.Contains(k)) shared = evaluator;
            routing.SetArcCostEvaluatorOfVehicle(evaluator, k);
        }
    }

    static long[][] WithMoveCost(CompiledProblem p, int vehicle)
    {
        var moved = Enumerable.Range(0, p.NodeCount)
            .Select(node => node < p.VisitCount && p.PlannedEngineer[node] >= 0 && p.PlannedEngineer[node] != vehicle ? p.MoveCost : 0).ToArray();
        return p.TravelMetres.Select(row => row.Select((metres, to) => metres + moved[to]).ToArray()).ToArray();
    }
}
