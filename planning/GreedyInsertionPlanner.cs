namespace ServiceGrid.Planning;

/// <summary>
/// Cheapest feasible insertion: pinned visits first where people put them, then P1 before P2 … before P5 (earliest
/// window end first within a priority), each at the position of any route that adds the least travel and lateness.
/// The starting plan of <see cref="OrToolsPlanner"/> and the baseline it is measured against.
/// </summary>
public sealed class GreedyInsertionPlanner : IRoutePlanner
{
    public Plan Plan(PlanningProblem problem, PlannerSettings settings, CancellationToken cancellationToken = default)
    {
        var compiled = new CompiledProblem(problem, settings);
        return RouteSchedule.ToPlan(compiled, Routes(compiled, cancellationToken));
    }

    /// <summary>The greedy plan: pinned visits, then every other visit at its cheapest place; on top of
    /// <paramref name="start"/> (routes that already hold the pinned visits) when given, else from empty days.</summary>
    internal static List<int>[] Routes(CompiledProblem p, CancellationToken cancellationToken, List<int>[]? start = null)
    {
        var routes = start ?? Pinned(p);
        var placed = routes.SelectMany(route => route).ToHashSet();
        var costs = routes.Select((route, k) => RouteSchedule.Evaluate(p, k, route.ToArray()).Total).ToArray();
        var order = Enumerable.Range(0, p.VisitCount).Where(v => !placed.Contains(v))
            .OrderBy(v => p.Problem.Visits[v].Priority).ThenBy(v => p.WindowEnd[v]).ThenBy(v => p.Problem.Visits[v].Id, StringComparer.Ordinal)
            .ToList();
        var buffer = new int[p.VisitCount + 1];
        foreach (var visit in order)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (bestEngineer, bestPosition, bestCost, bestDelta) = (-1, -1, 0L, long.MaxValue);
            for (var k = 0; k < p.EngineerCount; k++)
            {
                if (!p.Eligible(k, visit)) continue;
                var route = routes[k];
                var opening = route.Count == 0 ? p.EngineerUsedCost : 0;
                for (var position = 0; position <= route.Count; position++)
                {
                    route.CopyTo(0, buffer, 0, position);
                    buffer[position] = visit;
                    route.CopyTo(position, buffer, position + 1, route.Count - position);
                    var cost = RouteSchedule.Evaluate(p, k, buffer.AsSpan(0, route.Count + 1));
                    if (!cost.Feasible) continue;
                    var delta = cost.Total - costs[k] + opening;
                    if (delta < bestDelta) (bestEngineer, bestPosition, bestCost, bestDelta) = (k, position, cost.Total, delta);
                }
            }
            if (bestEngineer < 0) continue;
            routes[bestEngineer].Insert(bestPosition, visit);
            costs[bestEngineer] = bestCost;
        }
        return routes;
    }

    /// <summary>People win: a pinned or started visit stays on its engineer at its start, in start order.</summary>
    internal static List<int>[] Pinned(CompiledProblem p)
    {
        var routes = Enumerable.Range(0, p.EngineerCount).Select(_ => new List<int>()).ToArray();
        foreach (var group in Enumerable.Range(0, p.VisitCount).Where(p.IsFixed).GroupBy(v => p.FixedEngineer[v]))
        {
            routes[group.Key].AddRange(group.OrderBy(v => p.FixedStart[v]));
            if (!RouteSchedule.Evaluate(p, group.Key, routes[group.Key].ToArray()).Feasible)
                throw new ArgumentException(
                    $"The pinned visits of engineer '{p.Problem.Engineers[group.Key].Id}' cannot all be kept: " +
                    "one cannot be reached by its start, or they leave the shift or the capacity.");
        }
        return routes;
    }
}
