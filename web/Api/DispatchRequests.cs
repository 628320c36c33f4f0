using System.Collections.Immutable;
using System.Globalization;
using ServiceGrid.Organization;

namespace ServiceGrid.Web.Api;

public sealed record ShiftPeriodRequest(string? Day, string? Start, string? End);

public sealed record ShiftCalendarRequest(string? TimeZone, ShiftPeriodRequest?[]? Periods, bool? OnCall);

/// <summary>An engineer's skills (product models), shift calendar (none: always on shift), capacity (open jobs at once) and
/// visits per day (booked visits a day at most; none: no limit but the shift).</summary>
public sealed record EngineerProfileRequest(string?[]? Skills, ShiftCalendarRequest? Shifts, int? Capacity, int? VisitsPerDay = null)
{
    public const int MaxSkills = 50;
    public const int MaxPeriods = 50;
    public const int MaxCapacity = 20;
    public const int MaxVisitsPerDay = 50;

    public ResourceProfile? Validate(RequestErrors errors)
    {
        if (Skills is { Length: > MaxSkills }) errors.Add("skills", $"'skills' may list at most {MaxSkills} product models.");
        var skills = (Skills ?? []).Select((skill, i) => errors.Text($"skills[{i}]", skill, TextLimits.Title)).ToList();
        var capacity = errors.Range("capacity", Capacity ?? 1, 1, MaxCapacity);
        var visitsPerDay = VisitsPerDay is { } perDay ? errors.Range("visitsPerDay", perDay, 1, MaxVisitsPerDay) : null;
        var shifts = Shifts is null ? null : Calendar(errors, Shifts);
        if (errors.Any) return null;
        return new ResourceProfile([.. skills.OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase)], shifts, capacity!.Value, visitsPerDay);
    }

    static ShiftCalendar? Calendar(RequestErrors errors, ShiftCalendarRequest request)
    {
        var zone = errors.Text("shifts.timeZone", request.TimeZone, TextLimits.Title);
        if (zone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _)) errors.Add("shifts.timeZone", $"'{zone}' is not a known time zone; use an IANA id such as Asia/Shanghai.");
        if (request.Periods is null) errors.Add("shifts.periods", "'shifts.periods' is required: the working hours per weekday.");
        else if (request.Periods.Length > MaxPeriods) errors.Add("shifts.periods", $"'shifts.periods' may hold at most {MaxPeriods} periods.");
        var periods = (request.Periods ?? []).Take(MaxPeriods).Select((period, i) => Period(errors, $"shifts.periods[{i}]", period)).ToList();
        return errors.Any ? null : new ShiftCalendar(zone!, [.. periods.OfType<ShiftPeriod>()], request.OnCall ?? false);
    }

    static ShiftPeriod? Period(RequestErrors errors, string field, ShiftPeriodRequest? period)
    {
        if (period is null)
        {
            errors.Add(field, $"'{field}' must be a period: day, start, end.");
            return null;
        }
        var day = errors.Enum<DayOfWeek>($"{field}.day", period.Day);
        var start = Clock(errors, $"{field}.start", period.Start, allowMidnightEnd: false);
        var end = Clock(errors, $"{field}.end", period.End, allowMidnightEnd: true);
        if (start is null || end is null || day is null) return null;
        if (end != TimeOnly.MinValue && end <= start)
        {
            errors.Add(field, $"'{field}' must end after it starts (a shift past midnight is two periods).");
            return null;
        }
        return new ShiftPeriod(day.Value, start.Value, end.Value);
    }

    /// <summary><c>HH:mm</c>; an end may be <c>24:00</c> (stored as 00:00, midnight).</summary>
    static TimeOnly? Clock(RequestErrors errors, string field, string? text, bool allowMidnightEnd)
    {
        if (allowMidnightEnd && text?.Trim() == "24:00") return TimeOnly.MinValue;
        if (text is not null && TimeOnly.TryParseExact(text.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)) return time;
        errors.Add(field, $"'{field}' must be a time of day as HH:mm, e.g. 08:00{(allowMidnightEnd ? " (24:00 for midnight)" : "")}.");
        return null;
    }
}

/// <summary>Available, off shift or unavailable (sick, vehicle breakdown), why, and until when.</summary>
public sealed record AvailabilityRequest(string? Status, string? Reason, string? Until);

public sealed record DispatchPolicyRequest(string? Mode);
