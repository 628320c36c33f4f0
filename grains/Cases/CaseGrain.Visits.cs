using ServiceGrid.Cases;

namespace ServiceGrid.Grains.Cases;

/// <summary>The case's side of its visits (issue 18): their ids and the timeline entries; the region's schedule owns their plan.</summary>
public sealed partial class CaseGrain
{
    public async Task<CaseView> RecordVisit(string visitId, string type, string actor, string? note)
    {
        var now = await BeginAsync();
        // Recorded once per visit and type: the schedule may send an entry again after a crash before its answer. A visit is
        // planned, and moves with its case between regions, as often as that happens.
        if (Record.Timeline.Any(e => e.VisitId == visitId && e.Type == type && type is not (TimelineTypes.VisitPlanned or TimelineTypes.VisitMoved))) return Record.ToView(Id);
        if (!Record.VisitIds.Contains(visitId)) Record.VisitIds.Add(visitId);
        Record.Append(type, actor, now, note: note);
        Record.Timeline[^1] = Record.Timeline[^1] with { VisitId = visitId };
        return await CommitAsync(now);
    }
}
