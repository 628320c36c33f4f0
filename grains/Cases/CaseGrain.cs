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
/// (<see cref="CaseWorkflow"/>, <see cref="CaseSlaTransitions"/>, <see cref="CaseCare"/>, <see cref="CaseContact"/>,
/// <see cref="CaseField"/>, <see cref="CaseVisits"/>, <see cref="CasePlanning"/>, <see cref="CaseReassignment"/>), which
/// check a command and write its change to the record; the grain looks things up, asks other grains, stores, announces.
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
        if (CaseWorkflow.ClaimedElsewhere(Record) is { } lost)
        {
            metrics.ClaimConflicts.Add(1);
            throw lost;
        }
        CaseTransitions.Require(Record.State, CaseCommand.Claim);
        CaseWorkflow.Claim(Record, await FindBranchAsync(branchId), actor, now);
        return await CommitAsync(now);
    }

    public async Task<CaseView> Dispatch(string engineerId, string actor)
    {
        var now = await BeginAsync();
        CaseWorkflow.RequireDispatchable(Record);
        CaseWorkflow.RequireEngineerOfHolder(Record, await FindEngineerAsync(engineerId));
        await Engineer(engineerId).Assign(Id);
        CrashPoints.Reached(CrashPoints.DispatchEngineerAssigned);
        CaseWorkflow.Dispatch(Record, engineerId, actor, now);
        return await CommitAsync(now, () => ReleaseEngineerAsync(engineerId));
    }

    public Task<CaseView> Respond(string note, string actor) =>
        ApplyAsync(now => CaseWorkflow.Respond(Record, note, actor, now, Occurred(now)));

    public Task<CaseView> Arrive(string actor) => ApplyAsync(now => CaseWorkflow.Arrive(Record, actor, now, Occurred(now)));

    public Task<CaseView> Close(string actor) => ApplyAsync(now => CaseWorkflow.Close(Record, actor, now));

    public Task<CaseView> Escalate(string reason, string actor) => ApplyAsync(now => CaseWorkflow.Escalate(Record, reason, actor, now));

    public Task<CaseView> Survey(int score, string? comment, string actor) =>
        ApplyAsync(now => CaseContact.Survey(Record, score, comment, actor, now));

    public async Task<CaseView> Cancel(string reason, string actor)
    {
        var now = await BeginAsync();
        var engineerId = Record.EngineerId;
        CaseWorkflow.Cancel(Record, reason, actor, now);
        try
        {
            await Parts.GuardAsync();
        }
        catch
        {
            // The record is cancelled in memory only: drop it so that the next call reloads what is stored.
            DeactivateOnIdle();
            throw;
        }
        var view = await CommitAsync(now);
        await Parts.ReleaseAsync();
        await ReleaseEngineerAsync(engineerId);
        return view;
    }

    public Task<CaseView> Pause(string reason, string actor) => ApplyAsync(now =>
        CaseWorkflow.Pause(Record, slaPolicy.Value.PauseWhileWaitingOnCustomer, reason, actor, now, Occurred(now)));

    public Task<CaseView> Resume(string reason, string actor) =>
        ApplyAsync(now => CaseWorkflow.Resume(Record, reason, actor, now, Occurred(now)));

    /// <summary>Refuses commands on unknown cases and records every deadline that passed before the command.</summary>
    async Task<DateTimeOffset> BeginAsync()
    {
        if (!Record.Exists)
        {
            DeactivateOnIdle();
            throw DomainException.NotFound("Case", Id);
        }
        // Deadlines up to when it was done: an arrival made on time but sent late does not breach the on-site milestone first.
        await ApplyDueDeadlinesAsync(Command.Check(clock.GetUtcNow()));
        // What the case appends from here on is the command's own.
        Command.Changing();
        return clock.GetUtcNow();
    }

    /// <summary>A command whose whole change is its rule's (<paramref name="step"/>): begun, changed, committed.</summary>
    async Task<CaseView> ApplyAsync(Action<DateTimeOffset> step)
    {
        var now = await BeginAsync();
        step(now);
        return await CommitAsync(now);
    }

    /// <summary>As <see cref="ApplyAsync"/>, for a step a repeated request may find done (it answers false): the case as it stands.</summary>
    async Task<CaseView> ApplyOnceAsync(Func<DateTimeOffset, bool> step)
    {
        var now = await BeginAsync();
        return step(now) ? await CommitAsync(now) : Record.ToView(Id);
    }

    /// <summary>
    /// Writes the change, then announces it (store first, then tell: nothing is announced that a crash could take back).
    /// When the write fails, <paramref name="compensate"/> undoes what other grains already did for this command.
    /// </summary>
    async Task<CaseView> CommitAsync(DateTimeOffset now, Func<Task>? compensate = null)
    {
        Record.UpdatedAt = now;
        Command.Stamp();
        await WriteAsync(compensate);
        _measurements!.Stored(Record);
        await Announcer.PublishPendingAsync();
        await Deadlines.ScheduleAsync();
        return Record.ToView(Id);
    }

    /// <summary>Stores the record; when that fails, <paramref name="compensate"/> undoes what other grains already did.</summary>
    async Task WriteAsync(Func<Task>? compensate = null)
    {
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
        await Engineer(engineerId).Get() ?? throw DomainException.NotFound("Engineer", engineerId);

    IEngineerGrain Engineer(string engineerId) => GrainFactory.GetGrain<IEngineerGrain>(engineerId);

    Task ReleaseEngineerAsync(string? engineerId) => engineerId is null ? Task.CompletedTask : Engineer(engineerId).Release(Id);
}
