using Google.OrTools.ConstraintSolver;
using Google.Protobuf.WellKnownTypes;

namespace ServiceGrid.Planning;

/// <summary>
/// One OR-Tools search: where it starts (the routes the planner was given, e.g. the greedy plan, or one of OR-Tools' own
/// constructions) and whether guided local search carries it past the first local minimum, with what penalty. The planner
/// runs a portfolio of these at once (<see cref="Portfolio"/>) and keeps the best plan.
/// </summary>
/// <param name="FromFirstRoutes">Starts from the routes the planner was given rather than from <paramref name="Construction"/>.</param>
/// <param name="Guided">Guided local search until the time limit; otherwise stop at the first local minimum.</param>
/// <param name="PenaltyWeight">Guided local search's lambda: how hard the arcs of a local minimum are penalized, relative to
/// an average arc's cost. Small: the search stays near the plans it has found; OR-Tools' default 0.1 roams further.</param>
sealed record SearchStrategy(
    string Name, bool FromFirstRoutes, FirstSolutionStrategy.Types.Value Construction, bool Guided, double PenaltyWeight = 0.1)
{
    public RoutingSearchParameters Parameters(TimeSpan limit)
    {
        var parameters = operations_research_constraint_solver.DefaultRoutingSearchParameters();
        parameters.FirstSolutionStrategy = Construction;
        parameters.TimeLimit = Duration.FromTimeSpan(limit);
        if (Guided)
        {
            parameters.LocalSearchMetaheuristic = LocalSearchMetaheuristic.Types.Value.GuidedLocalSearch;
            parameters.GuidedLocalSearchLambdaCoefficient = PenaltyWeight;
        }
        return parameters;
    }
}
