using ServiceGrid.Grains.Dispatch;
using ServiceGrid.Organization;

namespace ServiceGrid.Grains.Schedule;

/// <summary>Local days, engineers' shifts on a day, and an engineer's day walked in order: pure, for the grain and its tests.</summary>
public static class ScheduleDays
{
    /// <summary>A span of time in UTC offsets.</summary>
    public readonly record struct Span(DateTimeOffset Start, DateTimeOffset End)
    {
        public bool Contains(DateTimeOffset at) => at >= Start && at <= End;
    }

    public static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    public static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    public static DateOnly Today(DateTimeOffset now, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);

    public static DateTimeOffset At(DateOnly date, TimeSpan timeOfDay, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue) + timeOfDay;
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    public static Span Day(DateOnly date, TimeZoneInfo zone) => new(At(date, TimeSpan.Zero, zone), At(date.AddDays(1), TimeSpan.Zero, zone));

    /// <summary>The engineer's working span on <paramref name="date"/> (first period's start to last period's end); null when they do not work
    /// that day. Without a calendar an engineer is always on shift: the whole day of <paramref name="fallback"/>.</summary>
    public static Span? Shift(ShiftCalendar? calendar, DateOnly date, TimeZoneInfo fallback)
    {
        if (calendar is null) return Day(date, fallback);
        var zone = Shifts.Zone(calendar.TimeZone) ?? fallback;
        var periods = calendar.Periods.Where(p => p.Day == date.DayOfWeek).ToList();
        if (periods.Count == 0) return null;
        return new Span(At(date, periods.Min(p => p.Start.ToTimeSpan()), zone), At(date, periods.Max(Shifts.EndOf), zone));
    }

    /// <summary>Whether the engineer can be planned on <paramref name="day"/>: not declared unavailable or off shift for it.</summary>
    public static bool Available(EngineerView engineer, Span day, DateTimeOffset now) => engineer.Status switch
    {
        EngineerStatus.Unavailable => engineer.AvailableAgainAt is { } back && back <= day.Start,
        // Off shift and off duty are declared for now: they stand for today only.
        EngineerStatus.OffShift or EngineerStatus.OffDuty => !day.Contains(now),
        _ => true,
    };

    /// <summary>One stop of a walked day; <paramref name="Late"/>: the end of the stop before it and the drive pass its start by this much.</summary>
    public sealed record Walked(VisitRecord Visit, DateTimeOffset Start, TimeSpan TravelBefore, double KmBefore, bool FitsWindow, bool MeetsSla, TimeSpan Late);

    /// <summary>The engineer's planned visits of a day in start order, with the drive before each from the previous stop (or from <paramref name="from"/>).</summary>
    public static (List<Walked> Stops, double Km) Walk(GeoPoint? from, IEnumerable<VisitRecord> visits, Func<GeoPoint?, GeoPoint?, TravelEstimate> travel)
    {
        var stops = new List<Walked>();
        var km = 0.0;
        var at = from;
        DateTimeOffset? free = null;
        foreach (var visit in visits.Where(v => v.PlannedStart is not null).OrderBy(v => v.PlannedStart).ThenBy(v => v.Id, StringComparer.Ordinal))
        {
            var leg = travel(at, visit.Location);
            var start = visit.PlannedStart!.Value;
            var late = free + leg.Duration - start is { Ticks: > 0 } behind ? behind : TimeSpan.Zero;
            stops.Add(new Walked(visit, start, leg.Duration, leg.DistanceKm,
                start >= visit.WindowStart && start <= visit.WindowEnd, visit.SlaDueAt is not { } due || start <= due, late));
            km += leg.DistanceKm;
            at = visit.Location ?? at;
            free = visit.PlannedEnd;
        }
        return (stops, km);
    }
}
