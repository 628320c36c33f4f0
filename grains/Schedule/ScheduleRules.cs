using ServiceGrid.Cases;
using ServiceGrid.Organization;
using ServiceGrid.Schedule;

namespace ServiceGrid.Grains.Schedule;

/// <summary>What a person's plan of a visit must keep (issue 18: 422 with the reason in <c>detail</c>).</summary>
public static class ScheduleRules
{
    /// <summary>Why the visit cannot start at <paramref name="start"/> with <paramref name="engineer"/>; null when it can.</summary>
    public static string? RefuseHandPlan(VisitRecord visit, EngineerView engineer, DateTimeOffset start, IEnumerable<VisitRecord> visits, TimeZoneInfo zone)
    {
        if (visit.RequiredSkill is { } skill && !engineer.Resource.Skills.Contains(skill, StringComparer.OrdinalIgnoreCase))
            return $"Engineer '{engineer.Id}' lacks the skill '{skill}' the visit requires.";
        if (start < visit.WindowStart || start > visit.WindowEnd)
            return $"The start {start.UtcDateTime:yyyy-MM-dd HH:mm}Z is outside the visit's window ({visit.WindowStart.UtcDateTime:yyyy-MM-dd HH:mm}Z–{visit.WindowEnd.UtcDateTime:yyyy-MM-dd HH:mm}Z).";
        var end = start + visit.Duration;
        var date = ScheduleDays.Today(start, engineer.Resource.Shifts is { } calendar ? Dispatch.Shifts.Zone(calendar.TimeZone) ?? zone : zone);
        if (ScheduleDays.Shift(engineer.Resource.Shifts, date, zone) is not { } shift || start < shift.Start || end > shift.End)
            return $"The visit ({start.UtcDateTime:HH:mm}Z–{end.UtcDateTime:HH:mm}Z) is outside engineer '{engineer.Id}''s shift on {date:yyyy-MM-dd}.";
        var clash = visits.FirstOrDefault(other => other.Id != visit.Id && other.EngineerId == engineer.Id && (other.Pinned || other.IsStarted)
            && !other.IsOver && other.PlannedStart is { } otherStart && otherStart < end && start < otherStart + other.Duration);
        return clash is null ? null : $"The visit overlaps visit '{clash.Id}', which a person or the engineer fixed on engineer '{engineer.Id}'.";
    }

    /// <summary>
    /// The visit the grid books by itself for a case of the region and that the case has not had yet: one for an inspection,
    /// one for a relocation's approved plan (its id from the plan's date); its id, the earliest day, its length. Null when
    /// none is owed, or when <paramref name="known"/> says the schedule holds it already.
    /// </summary>
    public static (string VisitId, DateTimeOffset From, int Minutes)? OwedVisit(CaseView view, string regionId, ScheduleOptions options, Func<string, bool> known)
    {
        if (view.Region != regionId || !view.IsActive()) return null;
        (string VisitId, DateTimeOffset From, int Minutes)? owed = view switch
        {
            { Kind: CaseKind.Inspection } => ($"v-{view.Id}", view.OpenedAt, options.InspectionMinutes),
            { Kind: CaseKind.Relocation, RelocationPlan: { ApprovedAt: not null } plan } =>
                ($"v-{view.Id}-{plan.Date:yyyyMMdd}", ScheduleDays.Day(ScheduleDays.Today(plan.Date, options.Zone), options.Zone).Start, options.RelocationStepMinutes),
            _ => null,
        };
        return owed is { } visit && !view.VisitIds.Contains(visit.VisitId) && !known(visit.VisitId) ? owed : null;
    }

    /// <summary>
    /// The site hours of the first day, from <paramref name="from"/> on, in which a visit of <paramref name="duration"/> can still
    /// start and end: that day's opening (or <paramref name="from"/>, rounded up to the minute, when the day has begun) to its closing.
    /// </summary>
    public static (DateTimeOffset Start, DateTimeOffset End) SiteHoursWindow(DateTimeOffset from, TimeSpan duration, ScheduleOptions options)
    {
        if (duration > options.SiteCloses - options.SiteOpens)
            throw DomainException.Invalid("durationMinutes", $"A visit of {duration.TotalMinutes:0} minutes does not fit in the site hours.");
        var minute = TimeSpan.FromMinutes(1);
        from = new DateTimeOffset((from.Ticks + minute.Ticks - 1) / minute.Ticks * minute.Ticks, from.Offset);
        for (var date = ScheduleDays.Today(from, options.Zone); ; date = date.AddDays(1))
        {
            var opens = ScheduleDays.At(date, options.SiteOpens.ToTimeSpan(), options.Zone);
            var closes = ScheduleDays.At(date, options.SiteCloses.ToTimeSpan(), options.Zone);
            var start = opens > from ? opens : from;
            if (closes - start >= duration) return (start, closes);
        }
    }
}
