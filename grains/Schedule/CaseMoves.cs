using ServiceGrid.Cases;
using ServiceGrid.Schedule;

namespace ServiceGrid.Grains.Schedule;

/// <summary>
/// A case reassigned to a branch of another region takes its open visits along (issue 18). Two schedules write, each on its
/// own turn and its own storage, and either may crash between them, so neither waits for the other:
/// <list type="bullet">
/// <item>the region the case left drops the case's unplanned and planned visits from its plan (the plan on the old engineer
/// goes with them) and keeps a copy among the handed-over visits for <see cref="ScheduleOptions.Retention"/>; a started visit
/// ends there (travelling: cancelled, the engineer turns back; on site: done, the engineer was there), because the move took
/// the case off that engineer;</item>
/// <item>the region the case joined books each visit id the case records and it lacks, from the regions the case's timeline
/// says it came from, as unplanned, with the same id, window, duration and skill.</item>
/// </list>
/// Each side acts on the case's stream event and, for the cases it may have missed, when it activates; each is idempotent
/// (known ids are skipped, dropped ids are gone), so a crash between the two writes loses and duplicates nothing. Pure.
/// </summary>
public static class CaseMoves
{
    /// <summary>How a started visit ends when its case leaves the region; null: not started, it goes with the case.</summary>
    public static VisitState? EndsWithTheMove(VisitRecord visit) => visit.State switch
    {
        VisitState.OnSite => VisitState.Done,
        VisitState.Travelling => VisitState.Cancelled,
        _ => null,
    };

    /// <summary>The case's visits that go with it to another region: open and not started, still planned here or handed over since <paramref name="keptSince"/>.</summary>
    public static IEnumerable<VisitRecord> ToHandOver(string caseId, ScheduleRecord record, DateTimeOffset keptSince) =>
        record.Visits.Values.Where(v => v.CaseId == caseId && !v.IsOver && !v.IsStarted)
            .Concat(record.HandedOver.Values.Where(v => v.CaseId == caseId && v.EndedAt >= keptSince));

    /// <summary>
    /// The regions to ask for the case's visits: those its timeline says it left, when it is active in <paramref name="regionId"/>
    /// and records a visit id this schedule does not hold; most recent first. Empty when nothing is owed.
    /// </summary>
    public static IReadOnlyList<string> SourceRegions(CaseView view, string regionId, Func<string, bool> known)
    {
        if (view.Region != regionId || !view.IsActive() || view.VisitIds.All(known)) return [];
        return [.. view.Timeline.Where(e => e.Type == TimelineTypes.Reassigned && e.FromRegion is { } from && from != regionId)
            .OrderByDescending(e => e.Version).Select(e => e.FromRegion!).Distinct()];
    }

    /// <summary>
    /// Whether <paramref name="moved"/> is the case's to book here: an id the case records, not held here, and not recorded as
    /// moved on the case's timeline since it last changed region (a copy handed over and booked once is never booked twice).
    /// </summary>
    public static bool IsOwed(CaseView view, VisitView moved, Func<string, bool> known)
    {
        if (!view.VisitIds.Contains(moved.Id) || known(moved.Id)) return false;
        var lastMove = view.Timeline.Where(e => e.Type == TimelineTypes.Reassigned && e.FromRegion is not null).Select(e => e.Version).DefaultIfEmpty(0).Max();
        return !view.Timeline.Any(e => e.Type == TimelineTypes.VisitMoved && e.VisitId == moved.Id && e.Version > lastMove);
    }

    /// <summary>The visit as this region books it: unplanned, the same id, window, duration and skill, its case copied anew.</summary>
    public static VisitRecord Adopt(VisitView moved, CaseView view)
    {
        var visit = new VisitRecord
        {
            Id = moved.Id, CaseId = view.Id, WindowStart = moved.WindowStart, WindowEnd = moved.WindowEnd, DurationMinutes = moved.DurationMinutes,
            RequiredSkill = moved.RequiredSkill, Location = moved.Location, State = VisitState.Unplanned, Version = moved.Version + 1,
        };
        visit.CopyCase(view);
        return visit;
    }

    /// <summary>Forgets handed-over visits older than <paramref name="keptSince"/>: the region the case joined has had its retention to book them.</summary>
    public static void Prune(ScheduleRecord record, DateTimeOffset keptSince)
    {
        foreach (var old in record.HandedOver.Values.Where(v => v.EndedAt < keptSince).Select(v => v.Id).ToList()) record.HandedOver.Remove(old);
    }
}
