using ServiceGrid.Cases;
using ServiceGrid.Organization;
using ServiceGrid.Schedule;

namespace ServiceGrid.Grains.Schedule;

/// <summary>
/// Visits in the field: starting travel dispatches the case to the visit's engineer when it is not theirs yet (claim,
/// dispatch, respond), then moves the case through its own lifecycle, so milestones and SLA clocks stay the case's. And
/// what the region's streams tell the schedule: a case resolved or cancelled, a case sent to another engineer, an
/// engineer who dropped out.
/// </summary>
public sealed partial class ScheduleGrain
{
    const string OnTheWay = "On the way to the planned visit";

    public async Task<VisitView> StartTravel(string caseId, string visitId, string actor)
    {
        CaseCommandContext.Take();
        var visit = Require(caseId, visitId);
        if (visit.State == VisitState.Travelling) return View(visit);
        if (visit.State != VisitState.Planned || visit.EngineerId is not { } engineerId)
            throw DomainException.Conflict($"The visit is '{StateName(visit.State)}'; travel starts on a planned visit.");
        if (Record.Visits.Values.FirstOrDefault(v => v.EngineerId == engineerId && v.IsStarted) is { } other)
            throw DomainException.Conflict($"Engineer '{engineerId}' is already on visit '{other.Id}'.");
        var caseGrain = GrainFactory.GetGrain<ICaseGrain>(caseId);
        var view = await caseGrain.Get() ?? throw DomainException.NotFound("Case", caseId);
        if (view.EngineerId != engineerId)
        {
            var engineer = await FindEngineerAsync(engineerId);
            if (view.State == CaseState.Open) view = await caseGrain.Claim(engineer.BranchId, actor);
            view = view.State == CaseState.Claimed && view.BranchId == engineer.BranchId
                ? await caseGrain.Dispatch(engineerId, actor)
                : await caseGrain.Reassign(new ReassignCase(engineer.BranchId, engineerId, actor));
        }
        if (view.State == CaseState.Dispatched) view = await caseGrain.Respond(OnTheWay, actor);
        await caseGrain.StartTravel(actor);
        visit.State = VisitState.Travelling;
        visit.CaseEngineerId = engineerId;
        visit.Version++;
        await CommitAsync([visit]);
        return View(visit);
    }

    public async Task<VisitView> Arrive(string caseId, string visitId, string actor)
    {
        CaseCommandContext.Take();
        var visit = Require(caseId, visitId);
        if (visit.State == VisitState.OnSite) return View(visit);
        if (visit.State != VisitState.Travelling)
            throw DomainException.Conflict($"The visit is '{StateName(visit.State)}'; the engineer arrives after starting travel.");
        var caseGrain = GrainFactory.GetGrain<ICaseGrain>(caseId);
        if ((await caseGrain.Get())?.State != CaseState.OnSite) await caseGrain.Arrive(actor);
        visit.State = VisitState.OnSite;
        visit.Version++;
        await CommitAsync([visit]);
        return View(visit);
    }

    public async Task<VisitView> Done(string caseId, string visitId, string actor)
    {
        CaseCommandContext.Take();
        var visit = Require(caseId, visitId);
        if (visit.State == VisitState.Done) return View(visit);
        if (visit.State != VisitState.OnSite) throw DomainException.Conflict($"The visit is '{StateName(visit.State)}'; it is done once the engineer is on site.");
        End(visit, VisitState.Done);
        await CommitAsync([visit]);
        return View(visit);
    }

    /// <summary>
    /// A case's change reaches its visits: resolved or closed ends the started ones (done) and cancels the rest; cancelled
    /// cancels them all; sent to another engineer re-plans its planned visits off the old one (unplanned, to be planned again).
    /// </summary>
    async Task FollowCaseAsync(CaseView view)
    {
        if (view.Region != RegionId)
        {
            await LeaveAsync(view);
            return;
        }
        await BookOwedAsync(view);
        await AdoptAsync(view);
        var visits = Record.Visits.Values.Where(v => v.CaseId == view.Id && !v.IsOver && v.CaseVersion < view.Version).ToList();
        if (visits.Count == 0) return;
        var changed = new List<VisitRecord>();
        var spoiled = false;
        foreach (var visit in visits)
        {
            var engineerBefore = visit.CaseEngineerId;
            var dueBefore = visit.SlaDueAt;
            visit.CopyCase(view);
            if (view.State is CaseState.Resolved or CaseState.Closed or CaseState.Cancelled)
            {
                End(visit, visit.IsStarted && view.State != CaseState.Cancelled ? VisitState.Done : VisitState.Cancelled);
                changed.Add(visit);
            }
            else if (view.EngineerId is { } engineer && engineer != engineerBefore && visit.State == VisitState.Planned && visit.EngineerId != engineer)
            {
                Place(visit, null, pinned: false);
                changed.Add(visit);
                spoiled = true;
            }
            else if (dueBefore != visit.SlaDueAt)
            {
                changed.Add(visit);
            }
        }
        if (changed.Count == 0) return;
        await CommitAsync(changed);
        if (spoiled) SpoilSoon();
    }

    Task FollowEngineerAsync(EngineerView engineer)
    {
        var previous = ApplyEngineer(engineer);
        // Issue 18: an engineer becoming unavailable spoils the plan of every visit planned on them.
        if (previous is not null && previous.Status != EngineerStatus.Unavailable && engineer.Status == EngineerStatus.Unavailable
            && Record.Visits.Values.Any(v => v.EngineerId == engineer.Id && v.State == VisitState.Planned))
            SpoilSoon();
        return Task.CompletedTask;
    }

    EngineerView? ApplyEngineer(EngineerView engineer)
    {
        var previous = _engineers.GetValueOrDefault(engineer.Id);
        if (previous is not null && previous.Version >= engineer.Version) return null;
        if (engineer.RegionId != RegionId) _engineers.Remove(engineer.Id);
        else _engineers[engineer.Id] = engineer;
        return previous;
    }

    void StartOverrunChecks() =>
        this.RegisterGrainTimer(CheckOverrunsAsync, new GrainTimerCreationOptions(Options.OverrunCheckPeriod, Options.OverrunCheckPeriod) { Interleave = true });

    /// <summary>A visit still going past its planned end spoils the rest of its engineer's day (issue 18: a visit running long), once per visit.</summary>
    Task CheckOverrunsAsync()
    {
        var now = clock.GetUtcNow();
        var overrun = Record.Visits.Values.Where(v => v.IsStarted && v.PlannedEnd < now && _overrunSeen.Add(v.Id)).ToList();
        if (overrun.Count > 0) SpoilSoon();
        return Task.CompletedTask;
    }

    readonly HashSet<string> _overrunSeen = [];
}
