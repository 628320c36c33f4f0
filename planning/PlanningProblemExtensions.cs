namespace ServiceGrid.Planning;

public static class PlanningProblemExtensions
{
    /// <summary>The problem with <paramref name="plan"/> as the plan in force: every movable visit the plan placed is
    /// <see cref="Visit.Planned"/> where the plan placed it, so a re-plan starts there and pays to move it.</summary>
    public static PlanningProblem WithPlanInForce(this PlanningProblem problem, Plan plan)
    {
        var placed = plan.Routes.SelectMany(r => r.Stops.Select(s => (s.VisitId, Slot: new PlannedAssignment(r.EngineerId, s.Start))))
            .ToDictionary(x => x.VisitId, x => x.Slot);
        return problem with
        {
            Visits = [.. problem.Visits.Select(v => v.Fixed is null && placed.TryGetValue(v.Id, out var slot) ? v with { Planned = slot } : v)],
        };
    }
}
