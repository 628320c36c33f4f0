using ServiceGrid.Planning;

namespace ServiceGrid.Tests.Planning;

/// <summary>What every plan must satisfy, checked from the problem alone (not from the planner's own arithmetic).</summary>
static class PlanChecks
{
    public static void AssertValid(PlanningProblem problem, Plan plan, string because)
    {
        var visits = problem.Visits.ToDictionary(v => v.Id);
        var engineers = problem.Engineers.ToDictionary(e => e.Id);
        var placed = plan.Routes.SelectMany(r => r.Stops.Select(s => s.VisitId)).ToList();
        Assert.True(placed.Count == placed.Distinct().Count(), $"{because}: a visit is planned twice");
        Assert.Equal(problem.Visits.Select(v => v.Id).Order(), placed.Concat(plan.Unplanned).Order());
        Assert.Equal(plan.Unplanned.Count, plan.Figures.Unplanned);

        foreach (var route in plan.Routes)
        {
            var engineer = engineers[route.EngineerId];
            var (free, at) = (engineer.Shift.Start, engineer.Start);
            foreach (var stop in route.Stops)
            {
                var visit = visits[stop.VisitId];
                var reachable = free + problem.Travel.Between(at, visit.Location).Time;
                Assert.True(stop.Start >= reachable - Tolerance,
                    $"{because}: {visit.Id} starts at {stop.Start} on {engineer.Id}, who is busy or driving until {reachable}");
                Assert.True(stop.Start >= engineer.Shift.Start && stop.Start + visit.Duration <= engineer.Shift.End,
                    $"{because}: {visit.Id} at {stop.Start} is outside {engineer.Id}'s shift {engineer.Shift}");
                if (visit.Fixed is { } pinned)
                    Assert.True(pinned.EngineerId == engineer.Id && pinned.Start == stop.Start,
                        $"{because}: pinned {visit.Id} moved to {engineer.Id} at {stop.Start}");
                else
                {
                    // A person's decision is kept even where it breaks a rule; the planner's own choices may not.
                    Assert.True(visit.Window.Contains(stop.Start), $"{because}: {visit.Id} at {stop.Start} is outside its window {visit.Window}");
                    Assert.True(visit.RequiredSkill is null || engineer.Skills.Contains(visit.RequiredSkill),
                        $"{because}: {engineer.Id} lacks {visit.RequiredSkill} for {visit.Id}");
                }
                (free, at) = (stop.Start + visit.Duration, visit.Location);
            }
            if (engineer.End is { } end && route.Stops.Count > 0)
                Assert.True(free + problem.Travel.Between(at, end).Time <= engineer.Shift.End + Tolerance,
                    $"{because}: {engineer.Id} is home after the shift");
            Assert.True(engineer.Capacity is not { } capacity || route.Stops.Sum(s => visits[s.VisitId].Demand) <= capacity,
                $"{because}: {engineer.Id} carries more than its capacity");
        }
        foreach (var pinned in problem.Visits.Where(v => v.Fixed is not null))
            Assert.DoesNotContain(pinned.Id, plan.Unplanned);
    }

    /// <summary>Planned times are whole seconds, drives rounded up.</summary>
    static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(1);
}
