using ServiceGrid.Cases;
using ServiceGrid.Grains.Sla;
using ServiceGrid.Organization;

namespace ServiceGrid.Grains.Cases;

/// <summary>
/// The steps of a case's service path (API.md "States"), from claim to close, as rules on its record. Each checks the
/// command against the record, throwing the <see cref="DomainException"/> that refuses it before anything changes, then
/// writes the step's new values and its timeline entry. No I/O and no clock: <see cref="CaseGrain"/> looks up branches
/// and engineers, asks the other grains, and stores the record.
/// </summary>
public static class CaseWorkflow
{
    /// <summary>The conflict of a claim race lost to another branch (the grain counts it); null when nobody holds the case.</summary>
    public static DomainException? ClaimedElsewhere(CaseRecord record) =>
        record.State != CaseState.Open && record.BranchId is { } holder
            ? DomainException.Conflict($"The case was already claimed by branch '{holder}'; it is '{CaseTransitions.Name(record.State)}'.")
            : null;

    public static void Claim(CaseRecord record, BranchProfile branch, string actor, DateTimeOffset now)
    {
        if (branch.RegionId != record.Region)
            throw DomainException.Forbidden($"Branch '{branch.Id}' serves region '{branch.RegionId}'; the case is in region '{record.Region}'.");
        record.State = CaseState.Claimed;
        record.BranchId = branch.Id;
        record.Append(TimelineTypes.Claimed, actor, now, branchId: branch.Id);
    }

    /// <summary>What is checked before the engineer is looked up.</summary>
    public static void RequireDispatchable(CaseRecord record)
    {
        CaseTransitions.Require(record.State, CaseCommand.Dispatch);
        CaseCare.RequireApprovedRelocationPlan(record);
    }

    /// <summary>Checked before the engineer is asked to take the case, so that a refused dispatch assigns nobody.</summary>
    public static void RequireEngineerOfHolder(CaseRecord record, EngineerView engineer)
    {
        if (engineer.BranchId != record.BranchId)
            throw DomainException.Forbidden($"Engineer '{engineer.Id}' belongs to branch '{engineer.BranchId}'; the case is held by '{record.BranchId}'.");
    }

    public static void Dispatch(CaseRecord record, string engineerId, string actor, DateTimeOffset now)
    {
        record.State = CaseState.Dispatched;
        record.EngineerId = engineerId;
        HandToMaintenanceGroup(record);
        record.Append(TimelineTypes.Dispatched, actor, now, engineerId: engineerId, tier: record.Tier);
    }

    /// <summary>Dispatch hands a branch's case to its maintenance group; a case HQ owns stays with HQ.</summary>
    public static void HandToMaintenanceGroup(CaseRecord record)
    {
        if (record.Tier == Tiers.Branch) record.Tier = Tiers.MaintenanceGroup;
    }

    /// <param name="occurred">When the engineer responded (<c>occurredAt</c>): it meets the milestone.</param>
    public static void Respond(CaseRecord record, string note, string actor, DateTimeOffset now, DateTimeOffset occurred)
    {
        CaseTransitions.Require(record.State, CaseCommand.Respond);
        record.State = CaseState.Responded;
        record.Sla = SlaClock.Meet(record.Sla, Milestone.Response, occurred);
        record.Append(TimelineTypes.Responded, actor, now, note: note, milestone: Milestone.Response);
    }

    /// <param name="occurred">When the engineer arrived (<c>occurredAt</c>): it meets the milestone.</param>
    public static void Arrive(CaseRecord record, string actor, DateTimeOffset now, DateTimeOffset occurred)
    {
        CaseTransitions.Require(record.State, CaseCommand.Arrive);
        record.State = CaseState.OnSite;
        record.Sla = SlaClock.Meet(record.Sla, Milestone.Onsite, occurred);
        record.Append(TimelineTypes.Arrived, actor, now, engineerId: record.EngineerId, milestone: Milestone.Onsite);
    }

    /// <summary>What is checked before any part is taken from a depot.</summary>
    public static void RequireResolvable(CaseRecord record, ResolveCase command)
    {
        CaseTransitions.Require(record.State, CaseCommand.Resolve);
        // Service plan 4.6: P1 and P2 faults need a fault report before the case can be resolved.
        if (record.Severity is Severity.P1 or Severity.P2 && command.FaultReport is null)
            throw DomainException.Rule($"A {record.Severity} case needs a fault report (diagnosis, root cause, actions, result) to be resolved.");
    }

    /// <param name="occurred">When the engineer resolved it (<c>occurredAt</c>): it meets the milestone.</param>
    public static void Resolve(CaseRecord record, ResolveCase command, DateTimeOffset now, DateTimeOffset occurred)
    {
        // A remote fix from 'responded' needs no visit: a pending on-site milestone no longer applies; a breach stays.
        if (record.State == CaseState.Responded) record.Sla = SlaClock.Waive(record.Sla, Milestone.Onsite);
        record.Sla = SlaClock.Meet(record.Sla, Milestone.Resolution, occurred);
        record.State = CaseState.Resolved;
        record.Resolution = new ResolutionView(command.Summary, command.FaultReport, command.PartsUsed, now);
        record.Append(TimelineTypes.Resolved, command.Actor, now, note: command.Summary, engineerId: record.EngineerId, milestone: Milestone.Resolution);
    }

    public static void Close(CaseRecord record, string actor, DateTimeOffset now)
    {
        CaseTransitions.Require(record.State, CaseCommand.Close);
        record.State = CaseState.Closed;
        record.Append(TimelineTypes.Closed, actor, now);
    }

    public static void Escalate(CaseRecord record, string reason, string actor, DateTimeOffset now)
    {
        CaseTransitions.Require(record.State, CaseCommand.Escalate);
        if (record.Tier == Tiers.Headquarters) throw DomainException.Conflict("The case is already with HQ (tier 1).");
        EscalateOneTier(record, reason, actor, now);
    }

    /// <summary>Up one level, HQ (tier 1) at most: a person's escalation, or a breached SLA's (<see cref="CaseSlaTransitions"/>).</summary>
    public static void EscalateOneTier(CaseRecord record, string reason, string actor, DateTimeOffset now)
    {
        record.Tier = Math.Max(Tiers.Headquarters, record.Tier - 1);
        record.Append(TimelineTypes.Escalated, actor, now, note: reason, tier: record.Tier);
    }

    /// <summary>Every milestone still pending is waived; the engineer and the parts are the grain's to release.</summary>
    public static void Cancel(CaseRecord record, string reason, string actor, DateTimeOffset now)
    {
        CaseTransitions.Require(record.State, CaseCommand.Cancel);
        record.State = CaseState.Cancelled;
        record.Sla = SlaClock.WaiveAll(record.Sla);
        record.Append(TimelineTypes.Cancelled, actor, now, note: reason);
    }

    /// <param name="pauseSla">Whether the SLA stops while the case waits on the customer (<see cref="SlaPolicy.PauseWhileWaitingOnCustomer"/>).</param>
    /// <param name="occurred">When the wait began (<c>occurredAt</c>): the pause is counted from then.</param>
    public static void Pause(CaseRecord record, bool pauseSla, string reason, string actor, DateTimeOffset now, DateTimeOffset occurred)
    {
        CaseTransitions.Require(record.State, CaseCommand.Pause);
        if (record.PausedAt is not null) throw DomainException.Conflict("The case is already paused.");
        record.PausedAt = occurred;
        if (pauseSla) record.Sla = SlaClock.Pause(record.Sla);
        record.Append(TimelineTypes.Paused, actor, now, note: reason);
    }

    /// <param name="occurred">When the wait ended (<c>occurredAt</c>): the deadlines move by the time paused until then.</param>
    public static void Resume(CaseRecord record, string reason, string actor, DateTimeOffset now, DateTimeOffset occurred)
    {
        CaseTransitions.Require(record.State, CaseCommand.Resume);
        if (record.PausedAt is not { } pausedAt) throw DomainException.Conflict("The case is not paused.");
        record.PausedAt = null;
        record.Sla = SlaClock.Resume(record.Sla, occurred - pausedAt);
        record.Append(TimelineTypes.Resumed, actor, now, note: reason);
    }
}
