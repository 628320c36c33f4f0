using System.Collections.Concurrent;
using ServiceGrid.Organization;

namespace ServiceGrid.Grains.Dispatch;

/// <summary>When an engineer's shift calendar has them at work; an engineer without a calendar is always on shift.</summary>
public static class Shifts
{
    static readonly ConcurrentDictionary<string, TimeZoneInfo?> Zones = new(StringComparer.Ordinal);

    public static bool IsKnownTimeZone(string? id) => id is not null && Zone(id) is not null;

    /// <summary>The zone of <paramref name="id"/>, or null when this machine does not know it.</summary>
    public static TimeZoneInfo? Zone(string id) => Zones.GetOrAdd(id, static id =>
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception exception) when (exception is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    });

    /// <summary>The end of the shift period <paramref name="at"/> falls in; null when off shift, <see cref="DateTimeOffset.MaxValue"/> without a calendar.</summary>
    public static DateTimeOffset? ShiftEnd(ShiftCalendar? calendar, DateTimeOffset at)
    {
        if (calendar is null) return DateTimeOffset.MaxValue;
        var zone = Zone(calendar.TimeZone) ?? TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var time = local.TimeOfDay;
        foreach (var period in calendar.Periods)
        {
            if (period.Day != local.DayOfWeek || time < period.Start.ToTimeSpan() || time >= EndOf(period)) continue;
            var endLocal = local.Date + EndOf(period);
            return new DateTimeOffset(endLocal, zone.GetUtcOffset(endLocal));
        }
        return null;
    }

    /// <summary>A period's end as time of day; 00:00 ends it at midnight.</summary>
    public static TimeSpan EndOf(ShiftPeriod period) => period.End == TimeOnly.MinValue ? TimeSpan.FromDays(1) : period.End.ToTimeSpan();

    public static bool IsOnShift(ShiftCalendar? calendar, DateTimeOffset at) => ShiftEnd(calendar, at) is not null;

    /// <summary><paramref name="at"/> as <c>HH:mm</c> in the calendar's zone (else <paramref name="fallbackZone"/>).</summary>
    public static string LocalTime(ShiftCalendar? calendar, string fallbackZone, DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, Zone(calendar?.TimeZone ?? fallbackZone) ?? TimeZoneInfo.Utc).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
