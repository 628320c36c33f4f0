using System.Globalization;
using ServiceGrid.Schedule;

namespace ServiceGrid.Web.Api;

/// <summary>A visit booked with the customer: the window in which it starts, how long it takes, and optionally the skill it needs.</summary>
public sealed record BookVisitRequest(string? WindowStart, string? WindowEnd, int? DurationMinutes, string? RequiredSkill)
{
    /// <summary>Issue 18: a visit is booked at most this far ahead.</summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(90);
    const int MaxDurationMinutes = 24 * 60;

    public BookVisit? Validate(RequestErrors errors, string visitId, string caseId, string actor, DateTimeOffset now)
    {
        var start = errors.Time("windowStart", WindowStart);
        var end = errors.Time("windowEnd", WindowEnd);
        var duration = errors.Range("durationMinutes", DurationMinutes, 1, MaxDurationMinutes);
        var skill = errors.Text("requiredSkill", RequiredSkill, TextLimits.Title, required: false);
        if (start is { } from && end is { } to)
        {
            if (to <= from) errors.Add("windowEnd", "'windowEnd' must be after 'windowStart'.");
            else if (duration is { } minutes && TimeSpan.FromMinutes(minutes) > to - from)
                errors.Add("durationMinutes", $"'durationMinutes' ({minutes}) is longer than the window allows ({(to - from).TotalMinutes:0} minutes).");
            if (to <= now) errors.Add("windowEnd", "The window is in the past.");
            if (from > now + MaxAhead) errors.Add("windowStart", $"A visit is booked at most {MaxAhead.TotalDays:0} days ahead.");
        }
        return errors.Any ? null : new BookVisit(visitId, caseId, start!.Value, end!.Value, duration!.Value, skill, actor);
    }
}

/// <summary>
/// A dispatcher's plan of a visit: this engineer, this start (the drag on the board, which pins it). <c>force</c>: keep it even
/// when the engineer's day is full or the drive from the visit before (or to the one after) does not fit; the plan then shows it late.
/// </summary>
public sealed record PlanVisitRequest(string? EngineerId, string? PlannedStart, bool? Force = null);

/// <summary>A re-plan's horizon (days after today) and search time; both default to the schedule's options.</summary>
/// <param name="VisitId">Fit this visit in (a P1 booked): the proposal moves only it and the planned visits of the few engineers
/// nearest it who are qualified and on shift in its window, so at most that many routes change; null: the whole region.</param>
public sealed record ReplanRequest(int? HorizonDays, double? TimeLimitSeconds, string? VisitId = null);

/// <summary>Parses the <c>date</c> of a day's plan: <c>YYYY-MM-DD</c>, at most 90 days from today.</summary>
public static class PlanDates
{
    public static DateOnly? Parse(RequestErrors errors, string? text, DateTimeOffset now)
    {
        if (text is null || !DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors.Add("date", "'date' must be a day as YYYY-MM-DD, e.g. 2026-12-01.");
            return null;
        }
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (Math.Abs(date.DayNumber - today.DayNumber) > BookVisitRequest.MaxAhead.TotalDays)
        {
            errors.Add("date", $"'date' must be within {BookVisitRequest.MaxAhead.TotalDays:0} days of today.");
            return null;
        }
        return date;
    }
}
