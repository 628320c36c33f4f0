using ServiceGrid.Cases;
using ServiceGrid.Organization;

namespace ServiceGrid.Grains.Cases;

/// <summary>
/// The dispatch planner's decisions on a case, and the pin that keeps it away (issue 15: a person's decision always
/// wins), as rules on its record. The checks throw the <see cref="DomainException"/> that refuses the plan before
/// anything changes; <see cref="Apply"/> writes it.
/// </summary>
public static class CasePlanning
{
    /// <summary>What is checked before the planner's engineer is looked up.</summary>
    /// <param name="readVersion">The case's version before the deadlines due now were recorded: those are no person's decision.</param>
    public static void RequireMovable(CaseRecord record, int readVersion, PlannedDispatch plan)
    {
        if (readVersion != plan.ExpectedVersion)
            throw DomainException.Conflict($"The case changed since the planner read it (version {plan.ExpectedVersion}, now {readVersion}).");
        if (record.Timeline.IsPinned()) throw DomainException.Conflict("The case is pinned to where a person put it.");
        if (record.Timeline.IsPersonAssigned()) throw DomainException.Conflict("A person chose where the case is; the planner leaves it.");
    }

    /// <summary>Checked before the engineer is asked to take the case, so that a refused plan assigns nobody.</summary>
    public static void RequireCanTake(CaseRecord record, EngineerView engineer, BranchProfile branch)
    {
        if (branch.RegionId != record.Region || (record.BranchId is { } holder && holder != branch.Id))
            throw DomainException.Rule($"Engineer '{engineer.Id}' of branch '{branch.Id}' cannot take a case of '{record.BranchId ?? record.Region}'.");
        if (record.EngineerId == engineer.Id) throw DomainException.Conflict($"The case is already with engineer '{engineer.Id}'.");
        // Open: claimed and dispatched at once; claimed: dispatched; not on site yet: moved. An engineer on site stays.
        if (record.State is not (CaseState.Open or CaseState.Claimed or CaseState.Dispatched or CaseState.Responded))
            throw DomainException.Conflict($"The planner leaves a case that is '{CaseTransitions.Name(record.State)}'.");
        CaseCare.RequireApprovedRelocationPlan(record);
    }

    /// <summary>Claims the case for the engineer's branch if it is open, and dispatches (or moves) it to the engineer.</summary>
    public static void Apply(CaseRecord record, PlannedDispatch plan, EngineerView engineer, BranchProfile branch, DateTimeOffset now)
    {
        var previous = record.EngineerId;
        if (record.State == CaseState.Open)
        {
            record.BranchId = branch.Id;
            record.Append(TimelineTypes.Claimed, CaseDecisions.Planner, now, branchId: branch.Id);
        }
        record.State = CaseState.Dispatched;
        record.EngineerId = engineer.Id;
        CaseWorkflow.HandToMaintenanceGroup(record);
        record.Append(previous is null ? TimelineTypes.Dispatched : TimelineTypes.Reassigned, CaseDecisions.Planner, now,
            note: string.Join("; ", plan.Reasons), branchId: branch.Id, engineerId: engineer.Id, tier: record.Tier);
    }

    /// <returns>False when the case is already pinned (or unpinned) as asked: nothing to record.</returns>
    public static bool SetPinned(CaseRecord record, bool pinned, string actor, DateTimeOffset now)
    {
        if (!CaseTransitions.Active.Contains(record.State))
            throw DomainException.Conflict($"Only a case still being worked is pinned; the case is '{CaseTransitions.Name(record.State)}'.");
        if (record.Timeline.IsPinned() == pinned) return false;
        record.Append(pinned ? TimelineTypes.Pinned : TimelineTypes.Unpinned, actor, now);
        return true;
    }
}
