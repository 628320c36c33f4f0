using ServiceGrid.Cases;

namespace ServiceGrid.Grains.Cases;

/// <summary>The case's side of its visits (issue 18); the rule is <see cref="CaseVisits"/>', the region's schedule owns their plan.</summary>
public sealed partial class CaseGrain
{
    public Task<CaseView> RecordVisit(string visitId, string type, string actor, string? note) =>
        ApplyOnceAsync(now => CaseVisits.Record(Record, visitId, type, actor, note, now));
}
