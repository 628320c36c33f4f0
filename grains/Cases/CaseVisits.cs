using ServiceGrid.Cases;

namespace ServiceGrid.Grains.Cases;

/// <summary>The case's side of its visits (issue 18): their ids and the timeline entries; the region's schedule owns their plan.</summary>
public static class CaseVisits
{
    /// <returns>False when this entry of the visit is already recorded (a visit may be planned again, and move with its case
    /// between regions as often as that happens).</returns>
    public static bool Record(CaseRecord record, string visitId, string type, string actor, string? note, DateTimeOffset now)
    {
        // Recorded once per visit and type: the schedule may send an entry again after a crash before its answer.
        if (record.Timeline.Any(e => e.VisitId == visitId && e.Type == type && type is not (TimelineTypes.VisitPlanned or TimelineTypes.VisitMoved))) return false;
        if (!record.VisitIds.Contains(visitId)) record.VisitIds.Add(visitId);
        record.Append(type, actor, now, note: note);
        record.Timeline[^1] = record.Timeline[^1] with { VisitId = visitId };
        return true;
    }
}
