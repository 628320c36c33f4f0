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

/// <summary>
/// Whether each engineer's calendar has them at work, remembered until that can change, for a caller that ranks the same
/// engineers again and again (a region's dispatch): a time-zone conversion per engineer per recommendation would be most
/// of a ranking's cost. On shift holds until the period's end; off shift is asked again at the next whole minute (periods
/// start on whole minutes, <c>HH:mm</c>, and zones are whole minutes from UTC). An engineer whose calendar changed is
/// asked again. Not thread-safe: one per grain activation.
/// </summary>
public sealed class ShiftStates
{
    readonly Dictionary<string, State> _states = new(StringComparer.Ordinal);

    sealed record State(ShiftCalendar Calendar, DateTimeOffset From, DateTimeOffset Until, bool OnShift);

    public bool IsOnShift(EngineerView engineer, DateTimeOffset at)
    {
        if (engineer.Resource.Shifts is not { } calendar) return true;
        if (_states.TryGetValue(engineer.Id, out var known) && Equals(known.Calendar, calendar) && at >= known.From && at < known.Until)
            return known.OnShift;
        var end = Shifts.ShiftEnd(calendar, at);
        var minute = new DateTimeOffset(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
        _states[engineer.Id] = new State(calendar, end is null ? minute : at, end ?? minute.AddMinutes(1), end is not null);
        return end is not null;
    }

    public void Forget(string engineerId) => _states.Remove(engineerId);
}
