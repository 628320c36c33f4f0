using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceGrid.Cases;
using ServiceGrid.Grains.Organization;
using ServiceGrid.Grains.ReadModel;
using ServiceGrid.Grains.Service;
using ServiceGrid.Grains.Sla;
using ServiceGrid.Organization;
using ServiceGrid.Telemetry;

namespace ServiceGrid.Grains.Cases;

/// <summary>
/// One service case: the only writer of its state, so every race on a case (two branches claiming it, a timer and a
/// reminder both seeing a deadline) is decided here, one command at a time. What follows a stored change is delegated
/// to collaborators this activation owns: announcing it (<see cref="CaseAnnouncer"/>), waking for what falls due
/// (<see cref="CaseDeadlineScheduler"/>), the parts (<see cref="CaseParts"/>); the rules live in pure policies
/// (<see cref="CaseTransitions"/>, <see cref="SlaClock"/>, <see cref="CaseCare"/>).
/// </summary>
public sealed partial class CaseGrain(
    [PersistentState("case", StorageNames.Cases)] IPersistentState<CaseRecord> state,
    IOptions<SlaPolicy> slaPolicy,
    IOptions<CaseOptions> caseOptions,
    IOptions<ServiceOptions> serviceOptions,
    OrganizationDirectory organization,
    CaseIntake intake,
    ICaseTableWriter queryTables,
    ServiceGridMetrics metrics,
    TimeProvider clock,
    ILogger<CaseGrain> logger) : Grain, ICaseGrain
{
    const string SlaActor = "sla";

    CaseAnnouncer? _announcer;
    CaseDeadlineScheduler? _deadlines;
    CaseParts? _parts;
    CaseMeasurements? _measurements;

    CaseRecord Record => state.State;
    string Id => this.GetPrimaryKeyString();

    CaseAnnouncer Announcer => _announcer ??= new(this, state, queryTables.AwaitsConfirmation, caseOptions.Value, logger);
    CaseDeadlineScheduler Deadlines => _deadlines ??=
        new(this, state, Announcer, CheckDeadlines, caseOptions.Value, serviceOptions.Value.CapaCheckPeriod, clock, logger);
    CaseParts Parts => _parts ??= new(this, GrainFactory, state, caseOptions.Value, logger);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _measurements = new(metrics, Record.Version);
        if (!Record.Exists) return;
        await Announcer.PublishPendingAsync();
        Announcer.WatchProjection();
        await Deadlines.ScheduleAsync();
    }

    public async Task<CaseView> Open(OpenCase command)
    {
        if (Record.Exists)
        {
            await intake.RecordOnUnitAsync(Id, Record);
            return Record.ToView(Id);
        }

        var now = clock.GetUtcNow();
        await intake.StartAsync(Record, command, now);
        Record.Append(TimelineTypes.Opened, command.Actor, now, tier: Tiers.Branch);
        var view = await CommitAsync(now);
        await intake.RecordOnUnitAsync(Id, Record);
        return view;
    }

    public Task<CaseView?> Get()
    {
        if (!Record.Exists) DeactivateOnIdle();
        return Task.FromResult(Record.Exists ? Record.ToView(Id) : null);
    }

    public async Task<CaseView> Claim(string branchId, string actor)
    {
        var now = await BeginAsync();
        if (Record.State != CaseState.Open && Record.BranchId is { } holder)
        {
            metrics.ClaimConflicts.Add(1);
            throw DomainException.Conflict($"The case was already claimed by branch '{holder}'; it is '{CaseTransitions.Name(Record.State)}'.");
        }
        CaseTransitions.Require(Record.State, CaseCommand.Claim);
        var branch = await FindBranchAsync(branchId);
        if (branch.RegionId != Record.Region)
            throw DomainException.Forbidden($"Branch '{branchId}' serves region '{branch.RegionId}'; the case is in region '{Record.Region}'.");

        Record.State = CaseState.Claimed;
        Record.BranchId = branchId;
        Record.Append(TimelineTypes.Claimed, actor, now, branchId: branchId);
        return await CommitAsync(now);
    }

    public async Task<CaseView> Dispatch(string engineerId, string actor)
    {
        var now = await BeginAsync();
        CaseTransitions.Require(Record.State, CaseCommand.Dispatch);
        CaseCare.RequireApprovedRelocationPlan(Record);
        var engineer = await FindEngineerAsync(engineerId);
        if (engineer.BranchId != Record.BranchId)
            throw DomainException.Forbidden($"Engineer '{engineerId}' belongs to branch '{engineer.BranchId}'; the case is held by '{Record.BranchId}'.");

        await GrainFactory.GetGrain<IEngineerGrain>(engineerId).Assign(Id);
        CrashPoints.Reached(CrashPoints.DispatchEngineerAssigned);
        Record.State = CaseState.Dispatched;
        Record.EngineerId = engineerId;
        // Dispatch hands a branch's case to its maintenance group; a case HQ owns stays with HQ.
        if (Record.Tier == Tiers.Branch) Record.Tier = Tiers.MaintenanceGroup;
        Record.Append(TimelineTypes.Dispatched, actor, now, engineerId: engineerId, tier: Record.Tier);
        return await CommitAsync(now, () => GrainFactory.GetGrain<IEngineerGrain>(engineerId).Release(Id));
    }

    public async Task<CaseView> Respond(string note, string actor)
    {
        var now = await BeginAsync();
        CaseTransitions.Require(Record.State, CaseCommand.Respond);
        Record.State = CaseState.Responded;
        Record.Sla = SlaClock.Meet(Record.Sla, Milestone.Response, Occurred(now));
        Record.Append(TimelineTypes.Responded, actor, now, note: note, milestone: Milestone.Response);
        return await CommitAsync(now);
    }

    public async Task<CaseView> Arrive(string actor)
    {
        var now = await BeginAsync();
        CaseTransitions.Require(Record.State, CaseCommand.Arrive);
        Record.State = CaseState.OnSite;
        Record.Sla = SlaClock.Meet(Record.Sla, Milestone.Onsite, Occurred(now));
        Record.Append(TimelineTypes.Arrived, actor, now, engineerId: Record.EngineerId, milestone: Milestone.Onsite);
        return await CommitAsync(now);
    }

    public async Task<CaseView> Close(string actor)
    {
        var now = await BeginAsync();
        CaseTransitions.Require(Record.State, CaseCommand.Close);
        Record.State = CaseState.Closed;
        Record.Append(TimelineTypes.Closed, actor, now);
        return await CommitAsync(now);
    }

    public async Task<CaseView> Escalate(string reason, string actor)
    {
        var now = await BeginAsync();
        CaseTransitions.Require(Record.State, CaseCommand.Escalate);
        if (Record.Tier == Tiers.Headquarters) throw DomainException.Conflict("The case is already with HQ (tier 1).");
        EscalateOneTier(reason, actor, now);
        return await CommitAsync(now);
    }

    public async Task<CaseView> Survey(int score, string? comment, string actor)
    {
        var now = await BeginAsync();
        if (Record.State != CaseState.Closed)
            throw DomainException.Rule($"A survey is taken only on a closed case; the case is '{CaseTransitions.Name(Record.State)}'.");
        if (Record.Survey is not null) throw DomainException.Conflict("The customer has already answered the survey of this case.");
        Record.Survey = new SurveyView(score, comment, now);
        Record.Append(TimelineTypes.Surveyed, actor, now, note: comment, score: score);
        return await CommitAsync(now);
    }

    public async Task<CaseView> Cancel(string reason, string actor)
    {
        var now = await BeginAsync();
        CaseTransitions.Require(Record.State, CaseCommand.Cancel);
        var engineerId = Record.EngineerId;
        Record.State = CaseState.Cancelled;
        Record.Sla = SlaClock.WaiveAll(Record.Sla);
        Record.Append(TimelineTypes.Cancelled, actor, now, note: reason);
        await Parts.GuardAsync();
        var view = await CommitAsync(now);
        await Parts.ReleaseAsync();
        if (engineerId is not null) await GrainFactory.GetGrain<IEngineerGrain>(engineerId).Release(Id);
        return view;
    }

    public async Task<CaseView> Pause(string reason, string actor)
    {
        var now = await BeginAsync();
        CaseTransitions.Require(Record.State, CaseCommand.Pause);
        if (Record.PausedAt is not null) throw DomainException.Conflict("The case is already paused.");
        Record.PausedAt = Occurred(now);
        if (slaPolicy.Value.PauseWhileWaitingOnCustomer) Record.Sla = SlaClock.Pause(Record.Sla);
        Record.Append(TimelineTypes.Paused, actor, now, note: reason);
        return await CommitAsync(now);
    }

    public async Task<CaseView> Resume(string reason, string actor)
    {
        var now = await BeginAsync();
        CaseTransitions.Require(Record.State, CaseCommand.Resume);
        if (Record.PausedAt is not { } pausedAt) throw DomainException.Conflict("The case is not paused.");
        Record.PausedAt = null;
        Record.Sla = SlaClock.Resume(Record.Sla, Occurred(now) - pausedAt);
        Record.Append(TimelineTypes.Resumed, actor, now, note: reason);
        return await CommitAsync(now);
    }

    /// <summary>Refuses commands on unknown cases and records every deadline that passed before the command.</summary>
    async Task<DateTimeOffset> BeginAsync()
    {
        if (!Record.Exists)
        {
            DeactivateOnIdle();
            throw DomainException.NotFound("Case", Id);
        }
        await BeginCommandAsync(clock.GetUtcNow());
        return clock.GetUtcNow();
    }

    void EscalateOneTier(string reason, string actor, DateTimeOffset now)
    {
        Record.Tier = Math.Max(Tiers.Headquarters, Record.Tier - 1);
        Record.Append(TimelineTypes.Escalated, actor, now, note: reason, tier: Record.Tier);
    }

    /// <summary>
    /// Writes the change, then announces it (store first, then tell: nothing is announced that a crash could take back).
    /// When the write fails, <paramref name="compensate"/> undoes what other grains already did for this command.
    /// </summary>
    async Task<CaseView> CommitAsync(DateTimeOffset now, Func<Task>? compensate = null)
    {
        Record.UpdatedAt = now;
        StampCommand();
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // The in-memory record now differs from storage: drop it so the next call reloads what is stored.
            DeactivateOnIdle();
            if (compensate is not null) await compensate();
            throw;
        }
        _measurements!.Stored(Record);
        await Announcer.PublishPendingAsync();
        await Deadlines.ScheduleAsync();
        return Record.ToView(Id);
    }

    public async Task ProjectedUpTo(int version)
    {
        if (!Record.Exists)
        {
            DeactivateOnIdle();
            return;
        }
        if (Announcer.Confirm(version)) await Deadlines.OnConfirmedAsync();
    }

    async Task<BranchProfile> FindBranchAsync(string branchId) =>
        await organization.FindBranchAsync(branchId) ?? throw DomainException.NotFound("Branch", branchId);

    async Task<EngineerView> FindEngineerAsync(string engineerId) =>
        await GrainFactory.GetGrain<IEngineerGrain>(engineerId).Get() ?? throw DomainException.NotFound("Engineer", engineerId);
}
