using ServiceGrid.Organization;
using ServiceGrid.Schedule;

namespace ServiceGrid.Grains.Schedule;

/// <summary>
/// Issue 18, "a P1 inserted, moving at most 3 engineers' routes": the engineers a visit is fitted in among. The visit's own
/// engineer when it is planned, then the nearest of those qualified for it (its skill) and on shift, available, on a day of
/// the horizon whose shift meets its window with room for its duration; up to <c>count</c> in all. Pure, for the grain and its tests.
/// </summary>
public static class InsertionNeighbourhood
{
    public static IReadOnlyList<EngineerView> Engineers(
        VisitRecord visit, IEnumerable<EngineerView> engineers, int count, DateTimeOffset now, int horizonDays, TimeZoneInfo zone,
        Func<GeoPoint, GeoPoint, double> km)
    {
        var staff = engineers.ToList();
        var own = staff.Where(e => visit.State == VisitState.Planned && e.Id == visit.EngineerId).ToList();
        var site = visit.Location;
        var nearest = staff.Where(e => !own.Contains(e) && Qualified(e, visit) && OnShiftInWindow(e, visit, now, horizonDays, zone))
            .OrderBy(e => site is null ? 0 : km(e.Location, site)).ThenBy(e => e.Id, StringComparer.Ordinal);
        return [.. own.Concat(nearest).Take(count)];
    }

    static bool Qualified(EngineerView engineer, VisitRecord visit) =>
        visit.RequiredSkill is not { } skill || engineer.Resource.Skills.Contains(skill, StringComparer.OrdinalIgnoreCase);

    static bool OnShiftInWindow(EngineerView engineer, VisitRecord visit, DateTimeOffset now, int horizonDays, TimeZoneInfo zone)
    {
        var earliest = ScheduleDays.Max(visit.WindowStart, now);
        var today = ScheduleDays.Today(now, zone);
        for (var date = today; date <= today.AddDays(horizonDays); date = date.AddDays(1))
        {
            if (ScheduleDays.Shift(engineer.Resource.Shifts, date, zone) is not { } shift) continue;
            if (!ScheduleDays.Available(engineer, ScheduleDays.Day(date, zone), now)) continue;
            var start = ScheduleDays.Max(ScheduleDays.Max(shift.Start, now), earliest);
            if (start <= visit.WindowEnd && start + visit.Duration <= shift.End) return true;
        }
        return false;
    }
}
