namespace ServiceGrid.Planning;

/// <summary>One planned visit on a route.</summary>
/// <param name="TravelBefore">Driving from the previous stop (or the route's start).</param>
/// <param name="Late">Starts after the visit's SLA due.</param>
public sealed record Stop(string VisitId, TimeSpan Start, TimeSpan TravelBefore, double TravelKmBefore, bool Late);

/// <summary>An engineer's day in order; empty when the engineer gets nothing.</summary>
public sealed record Route(string EngineerId, IReadOnlyList<Stop> Stops, TimeSpan TravelToEnd, double TravelKmToEnd);

/// <summary>The figures a dispatcher compares plans by.</summary>
/// <param name="SlaBreachesForecast">Late planned visits plus unplanned ones whose due falls inside the horizon.</param>
public sealed record PlanFigures(double TravelKm, int VisitsLate, int SlaBreachesForecast, int Unplanned, int EngineersUsed);

public sealed record Plan(IReadOnlyList<Route> Routes, IReadOnlyList<string> Unplanned, PlanFigures Figures);

/// <summary>A vehicle-routing planner: thread-safe, no state between calls.</summary>
public interface IRoutePlanner
{
    /// <exception cref="ArgumentException">The problem contradicts itself (unknown engineer, pinned visits that cannot all be kept).</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    Plan Plan(PlanningProblem problem, PlannerSettings settings, CancellationToken cancellationToken = default);
}
