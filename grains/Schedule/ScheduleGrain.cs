using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Orleans.Streams.Core;
using ServiceGrid.Cases;
using ServiceGrid.Events;
using ServiceGrid.Grains.Cases;
using ServiceGrid.Grains.Dispatch;
using ServiceGrid.Grains.Organization;
using ServiceGrid.Organization;
using ServiceGrid.Planning;
using ServiceGrid.Schedule;
using ServiceGrid.Service;

namespace ServiceGrid.Grains.Schedule;

/// <summary>
/// One region's visits and their plan (see <see cref="IScheduleGrain"/>). It follows the region's case and engineer streams
/// (implicit subscriptions, like <c>DispatchGrain</c>'s) for its engineers' skills, shifts, positions and availability and
/// for its cases' lifecycle, so that plans, schedules and slot offers are computed from memory.
/// </summary>
[ImplicitStreamSubscription(GridStreams.RegionEvents)]
[ImplicitStreamSubscription(GridStreams.RegionEngineers)]
public sealed partial class ScheduleGrain(
    [PersistentState("schedule", StorageNames.Organization)] IPersistentState<ScheduleRecord> state,
    IOptions<ScheduleOptions> options,
    ITravelTimes travel,
    IRoutePlanner planner,
    OrganizationDirectory organization,
    TimeProvider clock,
    ILogger<ScheduleGrain> logger) : Grain, IScheduleGrain, IStreamSubscriptionObserver
{
    readonly Dictionary<string, EngineerView> _engineers = [];

    string RegionId => this.GetPrimaryKeyString();
    ScheduleRecord Record => state.State;
    ScheduleOptions Options => options.Value;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var engineer in await GrainFactory.GetGrain<IRegionGrain>(RegionId).GetEngineers(null)) ApplyEngineer(engineer);
        StartOverrunChecks();
        BookOwedSoon();
    }

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        handleFactory.Create<RegionEvent>().ResumeAsync((regionEvent, _) => regionEvent switch
        {
            CaseChanged { Case: var view } => FollowCaseAsync(view),
            EngineerChanged { Engineer: var engineer } => FollowEngineerAsync(engineer),
            _ => Task.CompletedTask,
        });

    public Task<long> GetVersion() => Task.FromResult(Record.Version);

    public Task<ImmutableArray<VisitView>> GetVisits(string caseId) => Task.FromResult(
        Record.Visits.Values.Where(v => v.CaseId == caseId).OrderBy(v => v.WindowStart).ThenBy(v => v.Id, StringComparer.Ordinal)
            .Select(View).ToImmutableArray());

    public async Task<VisitView> Book(BookVisit command)
    {
        CaseCommandContext.Take();
        if (Record.Visits.TryGetValue(command.VisitId, out var known))
            return known.CaseId == command.CaseId ? View(known) : throw DomainException.Conflict($"Visit '{command.VisitId}' belongs to another case.");
        var view = await GrainFactory.GetGrain<ICaseGrain>(command.CaseId).Get() ?? throw DomainException.NotFound("Case", command.CaseId);
        if (view.State is CaseState.Resolved or CaseState.Closed or CaseState.Cancelled)
            throw DomainException.Conflict($"The case is '{CaseTransitions.Name(view.State)}': no visit is booked on it.");
        if (view.Region != RegionId) throw DomainException.Conflict($"The case is in region '{view.Region}', not '{RegionId}'.");
        var visit = new VisitRecord
        {
            Id = command.VisitId, CaseId = view.Id, WindowStart = command.WindowStart, WindowEnd = command.WindowEnd,
            DurationMinutes = command.DurationMinutes, RequiredSkill = command.RequiredSkill ?? await ModelOfAsync(view),
            State = VisitState.Unplanned,
            Location = view.Site ?? (view.BranchId is { } branch ? (await organization.FindBranchAsync(branch))?.Location : null),
        };
        visit.CopyCase(view);
        Record.Visits[visit.Id] = visit;
        await CommitAsync([visit]);
        await RecordOnCaseAsync(visit, TimelineTypes.VisitBooked, command.Actor,
            $"{visit.WindowStart.UtcDateTime:yyyy-MM-dd HH:mm}Z–{visit.WindowEnd.UtcDateTime:yyyy-MM-dd HH:mm}Z, {visit.DurationMinutes} min");
        // Issue 18: a P1 arriving spoils the plan; under auto it is fitted in among the engineers nearest it.
        if (visit.Severity == Severity.P1) InsertSoon(visit.Id);
        return View(visit);
    }

    public async Task<VisitView> PlanByHand(string caseId, string visitId, string engineerId, DateTimeOffset plannedStart, string actor, bool force = false)
    {
        CaseCommandContext.Take();
        var visit = Require(caseId, visitId);
        if (visit.State is not (VisitState.Unplanned or VisitState.Planned))
            throw DomainException.Conflict($"The visit is '{StateName(visit.State)}': only an unplanned or planned visit is planned.");
        var engineer = await FindEngineerAsync(engineerId);
        if (ScheduleRules.RefuseHandPlan(visit, engineer, plannedStart, Record.Visits.Values, Options.Zone) is { } refusal)
            throw DomainException.Rule(refusal);
        if (!force && HandPlanChecks.Refuse(visit, engineer, plannedStart, Record.Visits.Values, Options.Zone, Estimate) is { } impossible)
            throw DomainException.Conflict(impossible);
        Place(visit, new VisitSlot(engineer.Id, plannedStart), pinned: true);
        await CommitAsync([visit]);
        await RecordOnCaseAsync(visit, TimelineTypes.VisitPlanned, actor, $"{engineer.Id} at {plannedStart.UtcDateTime:yyyy-MM-dd HH:mm}Z, pinned{(force ? ", forced" : "")}");
        return View(visit);
    }

    public async Task<VisitView> Unpin(string caseId, string visitId, string actor)
    {
        CaseCommandContext.Take();
        var visit = Require(caseId, visitId);
        if (visit.IsOver) throw DomainException.Conflict($"The visit is '{StateName(visit.State)}'.");
        if (!visit.Pinned) return View(visit);
        visit.Pinned = false;
        visit.Version++;
        await CommitAsync([visit]);
        return View(visit);
    }

    public async Task<VisitView> Cancel(string caseId, string visitId, string reason, string actor)
    {
        CaseCommandContext.Take();
        var visit = Require(caseId, visitId);
        if (visit.State == VisitState.Cancelled) return View(visit);
        if (visit.State == VisitState.Done) throw DomainException.Conflict("The visit is done.");
        End(visit, VisitState.Cancelled);
        await CommitAsync([visit]);
        await RecordOnCaseAsync(visit, TimelineTypes.VisitCancelled, actor, reason);
        return View(visit);
    }

    VisitRecord Require(string caseId, string visitId) =>
        Record.Visits.TryGetValue(visitId, out var visit) && visit.CaseId == caseId ? visit : throw DomainException.NotFound("Visit", visitId);

    async Task<EngineerView> FindEngineerAsync(string engineerId)
    {
        if (_engineers.TryGetValue(engineerId, out var known)) return known;
        var engineer = await GrainFactory.GetGrain<IEngineerGrain>(engineerId).Get() ?? throw DomainException.NotFound("Engineer", engineerId);
        if (engineer.RegionId != RegionId) throw DomainException.Rule($"Engineer '{engineerId}' works in region '{engineer.RegionId}', not '{RegionId}'.");
        return engineer;
    }

    async Task<string?> ModelOfAsync(CaseView view) =>
        view.EquipmentSerial is { } serial ? (await GrainFactory.GetGrain<IEquipmentGrain>(serial).Get())?.Model : null;

    VisitView View(VisitRecord visit) => visit.ToView(RegionId, clock.GetUtcNow());

    static string StateName(VisitState state) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(state.ToString());

    static void Place(VisitRecord visit, VisitSlot? slot, bool pinned)
    {
        visit.EngineerId = slot?.EngineerId;
        visit.PlannedStart = slot?.PlannedStart;
        visit.State = slot is null ? VisitState.Unplanned : VisitState.Planned;
        visit.Pinned = pinned && slot is not null;
        visit.Version++;
    }

    void End(VisitRecord visit, VisitState final)
    {
        visit.State = final;
        visit.EndedAt = clock.GetUtcNow();
        visit.Version++;
    }

    /// <summary>
    /// Stores the change (the plan's version rises once), then tells the board. Done and cancelled visits past their
    /// retention leave the working set here, so the state stays bounded.
    /// </summary>
    async Task CommitAsync(IReadOnlyCollection<VisitRecord> changed)
    {
        var horizon = clock.GetUtcNow() - Options.Retention;
        foreach (var old in Record.Visits.Values.Where(v => v.IsOver && v.EndedAt < horizon).Select(v => v.Id).ToList())
            Record.Visits.Remove(old);
        CaseMoves.Prune(Record, horizon);
        Record.Version++;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // The in-memory record now differs from storage: drop it so the next call reloads what is stored.
            DeactivateOnIdle();
            throw;
        }
        await this.RegionStream(RegionId).OnNextAsync(new ScheduleChanged(RegionId, Record.Version, [.. changed.Select(v => v.Id)]));
    }

    async Task RecordOnCaseAsync(VisitRecord visit, string type, string actor, string? note)
    {
        try
        {
            await GrainFactory.GetGrain<ICaseGrain>(visit.CaseId).RecordVisit(visit.Id, type, actor, note);
        }
        catch (DomainException refused)
        {
            // The visit is stored either way: a case that refuses the entry (gone) does not undo the schedule's change.
            LogTimelineRefused(logger, RegionId, visit.Id, refused.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schedule of region {RegionId}: the case refused the timeline entry of visit {VisitId}: {Reason}")]
    static partial void LogTimelineRefused(ILogger logger, string regionId, string visitId, string reason);
}
