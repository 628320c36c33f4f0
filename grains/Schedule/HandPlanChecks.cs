using ServiceGrid.Grains.Dispatch;
using ServiceGrid.Organization;
using ServiceGrid.Schedule;

namespace ServiceGrid.Grains.Schedule;

/// <summary>
/// What a person's plan of a visit must not break beyond <see cref="ScheduleRules.RefuseHandPlan"/>'s rules (409, unless the
/// dispatcher sends <c>"force": true</c>): the engineer's daily visit capacity, and travel, so that the engineer can get there
/// from the visit before it and on to the one after it with the drive times the planner uses. People win, but a physically
/// impossible plan is a mistake. The neighbours are the day's fixed visits (pinned, started or done): a visit the planner
/// placed yields to the person, as it does to an overlap, and the next re-plan moves it.
/// </summary>
public static class HandPlanChecks
{
    /// <summary>Why the plan is refused (the first reason); null when it can stand.</summary>
    public static string? Refuse(VisitRecord visit, EngineerView engineer, DateTimeOffset start, IReadOnlyCollection<VisitRecord> visits,
        TimeZoneInfo zone, Func<GeoPoint?, GeoPoint?, TravelEstimate> travel)
    {
        var date = ScheduleDays.Today(start, zone);
        var day = ScheduleDays.Day(date, zone);
        return VisitCapacity.RefuseFullDay(visit, engineer, day, date, visits) ?? RefuseTravel(visit, engineer.Id, start, day, visits, travel);
    }

    /// <summary>Why the engineer cannot reach the visit from the fixed visit before it, or the one after it from the visit; null when both drives fit.</summary>
    public static string? RefuseTravel(VisitRecord visit, string engineerId, DateTimeOffset start, ScheduleDays.Span day, IEnumerable<VisitRecord> visits,
        Func<GeoPoint?, GeoPoint?, TravelEstimate> travel)
    {
        var fixedOnDay = visits.Where(v => v.Id != visit.Id && v.EngineerId == engineerId && IsFixed(v) && v.PlannedStart >= day.Start && v.PlannedStart < day.End)
            .OrderBy(v => v.PlannedStart).ToList();
        var end = start + visit.Duration;
        if (fixedOnDay.LastOrDefault(v => v.PlannedStart <= start) is { } before)
        {
            var drive = travel(before.Location, visit.Location).Duration;
            if (before.PlannedEnd!.Value + drive > start)
                return $"Engineer '{engineerId}' cannot get from visit '{before.Id}' (ends {before.PlannedEnd!.Value.UtcDateTime:HH:mm}Z) to this one by {start.UtcDateTime:HH:mm}Z: "
                    + $"the drive takes {Minutes(drive)} min. Plan it later, or send \"force\": true.";
        }
        if (fixedOnDay.FirstOrDefault(v => v.PlannedStart > start) is { } after)
        {
            var drive = travel(visit.Location, after.Location).Duration;
            if (end + drive > after.PlannedStart)
                return $"Engineer '{engineerId}' cannot get from this visit (ends {end.UtcDateTime:HH:mm}Z) to visit '{after.Id}' by {after.PlannedStart!.Value.UtcDateTime:HH:mm}Z: "
                    + $"the drive takes {Minutes(drive)} min. Plan it earlier, or send \"force\": true.";
        }
        return null;
    }

    static bool IsFixed(VisitRecord visit) => visit.Pinned && visit.State == VisitState.Planned || visit.IsStarted || visit.State == VisitState.Done;

    static int Minutes(TimeSpan drive) => (int)Math.Ceiling(drive.TotalMinutes);
}
