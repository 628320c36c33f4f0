using System.Collections.Immutable;
using ServiceGrid.Cases;
using ServiceGrid.Schedule;

namespace ServiceGrid.Grains.Schedule;

/// <summary>A case moved to another region takes its open visits along (<see cref="CaseMoves"/> has the rules): this grain's glue for both sides.</summary>
public sealed partial class ScheduleGrain
{
    public Task<ImmutableArray<VisitView>> GetHandOver(string caseId) =>
        Task.FromResult(CaseMoves.ToHandOver(caseId, Record, clock.GetUtcNow() - Options.Retention).Select(View).ToImmutableArray());

    /// <summary>The case left this region: its visits not started leave the plan (kept as handed over), its started ones end.</summary>
    async Task LeaveAsync(CaseView view)
    {
        var leaving = Record.Visits.Values.Where(v => v.CaseId == view.Id && !v.IsOver && v.CaseVersion < view.Version).ToList();
        if (leaving.Count == 0) return;
        foreach (var visit in leaving)
        {
            if (CaseMoves.EndsWithTheMove(visit) is { } final)
            {
                End(visit, final);
                continue;
            }
            End(visit, visit.State); // EndedAt: when it was handed over, which its retention counts from
            Record.Visits.Remove(visit.Id);
            Record.HandedOver[visit.Id] = visit;
        }
        await CommitAsync(leaving);
        foreach (var visit in leaving.Where(v => v.State == VisitState.Cancelled))
            await RecordOnCaseAsync(visit, TimelineTypes.VisitCancelled, SchedulerActor, $"The case moved to region '{view.Region}' while the engineer was on the way.");
    }

    /// <summary>The case joined this region: books the visits it records and this schedule lacks, from the regions it came from.</summary>
    async Task AdoptAsync(CaseView view)
    {
        var adopted = new List<(VisitRecord Visit, string From)>();
        foreach (var from in CaseMoves.SourceRegions(view, RegionId, Record.Visits.ContainsKey))
            foreach (var moved in await GrainFactory.GetGrain<IScheduleGrain>(from).GetHandOver(view.Id))
                if (CaseMoves.IsOwed(view, moved, Record.Visits.ContainsKey))
                {
                    var visit = CaseMoves.Adopt(moved, view);
                    Record.HandedOver.Remove(visit.Id);
                    Record.Visits[visit.Id] = visit;
                    adopted.Add((visit, from));
                }
        if (adopted.Count == 0) return;
        await CommitAsync([.. adopted.Select(a => a.Visit)]);
        foreach (var (visit, from) in adopted)
            await RecordOnCaseAsync(visit, TimelineTypes.VisitMoved, SchedulerActor, $"From region '{from}' to '{RegionId}', unplanned.");
        if (adopted.Any(a => a.Visit.Severity == Severity.P1)) SpoilSoon();
    }

    /// <summary>On activation: visits of cases this region's list no longer holds, whose move away the streams may have lost.</summary>
    async Task LeaveMovedCasesAsync(IReadOnlyCollection<CaseView> active)
    {
        var here = active.Select(c => c.Id).ToHashSet();
        var missing = Record.Visits.Values.Where(v => !v.IsOver && !here.Contains(v.CaseId)).Select(v => v.CaseId).Distinct().ToList();
        foreach (var view in await Task.WhenAll(missing.Select(id => GrainFactory.GetGrain<ICaseGrain>(id).Get())))
            if (view is not null && view.Region != RegionId) await LeaveAsync(view);
    }
}
