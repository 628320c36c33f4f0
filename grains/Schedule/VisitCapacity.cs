using ServiceGrid.Organization;
using ServiceGrid.Schedule;

namespace ServiceGrid.Grains.Schedule;

/// <summary>
/// An engineer's daily visit capacity (<see cref="ResourceProfile.VisitsPerDay"/>), as field-service products' capacity-based
/// resources have it: at most N visits a day. A visit holds a place on its engineer's day from the moment it is planned there
/// until it is cancelled (done ones keep theirs: the engineer did them that day). Pure, for the grain, the re-plan and slots.
/// </summary>
public static class VisitCapacity
{
    /// <summary>Whether the visit takes one of its engineer's places on the day it is planned.</summary>
    public static bool HoldsAPlace(VisitRecord visit) =>
        visit.State is not (VisitState.Unplanned or VisitState.Cancelled) && visit.EngineerId is not null && visit.PlannedStart is not null;

    /// <summary>The visits of <paramref name="engineerId"/> holding a place on <paramref name="day"/>, but <paramref name="exceptId"/>.</summary>
    public static int Taken(string engineerId, ScheduleDays.Span day, IEnumerable<VisitRecord> visits, string? exceptId = null) =>
        OnDay(engineerId, day, visits).Count(v => v.Id != exceptId);

    static IEnumerable<VisitRecord> OnDay(string engineerId, ScheduleDays.Span day, IEnumerable<VisitRecord> visits) =>
        visits.Where(v => v.EngineerId == engineerId && HoldsAPlace(v) && v.PlannedStart >= day.Start && v.PlannedStart < day.End);

    /// <summary>Why a person may not plan <paramref name="visit"/> on the engineer's <paramref name="day"/>; null when a place is free.</summary>
    public static string? RefuseFullDay(VisitRecord visit, EngineerView engineer, ScheduleDays.Span day, DateOnly date, IEnumerable<VisitRecord> visits)
    {
        if (engineer.Resource.VisitsPerDay is not { } limit) return null;
        var taken = Taken(engineer.Id, day, visits, visit.Id);
        return taken < limit ? null
            : $"Engineer '{engineer.Id}' has {taken} visits on {date:yyyy-MM-dd}, the limit of their day (visitsPerDay {limit}); plan it on another day or engineer, or send \"force\": true.";
    }

    /// <summary>
    /// The capacity of one planning engineer-day (demand 1 a visit): the limit less the places taken by visits the re-plan
    /// does not see (done, started before now, outside its horizon), and never below the fixed visits it must keep there, so
    /// a limit lowered after a person pinned a full day keeps the pins rather than failing the re-plan. Null: no limit.
    /// </summary>
    public static int? ForPlanning(EngineerView engineer, ScheduleDays.Span day, IEnumerable<VisitRecord> visits, Func<VisitRecord, bool> planned)
    {
        if (engineer.Resource.VisitsPerDay is not { } limit) return null;
        var onDay = OnDay(engineer.Id, day, visits).ToList();
        var unseen = onDay.Count(v => !planned(v));
        var kept = onDay.Count(v => planned(v) && (v.Pinned || v.IsStarted));
        return Math.Max(limit - unseen, kept);
    }
}
