using ServiceGrid.Cases;
using ServiceGrid.Organization;

namespace ServiceGrid.Grains.Cases;

/// <summary>
/// A person's reassignment of a case, decided from its record: to <see cref="Branch"/> (in its region, which may be
/// another), and from engineer <see cref="Previous"/> to <see cref="Next"/> (none: the branch dispatches it again).
/// The checks throw the <see cref="DomainException"/> that refuses it before anything changes; <see cref="Apply"/>
/// writes it. The grain asks <see cref="Joining"/> to take the case and releases <see cref="Leaving"/>.
/// </summary>
public sealed record CaseReassignment(BranchProfile Branch, string? Previous, string? Next)
{
    /// <summary>The engineer new to the case, if any: assigned before the change is stored, released if the write fails.</summary>
    public string? Joining => Next != Previous ? Next : null;

    /// <summary>The engineer the case leaves, if any: released once the change is stored.</summary>
    public string? Leaving => Previous != Next ? Previous : null;

    /// <summary>
    /// The branch the case goes to: the one asked for, else the engineer's. A relocation changes engineer only once the
    /// customer has approved its plan.
    /// </summary>
    public static string BranchIdOf(CaseRecord record, ReassignCase command, EngineerView? engineer)
    {
        if (engineer is not null && engineer.Id != record.EngineerId) CaseCare.RequireApprovedRelocationPlan(record);
        return command.BranchId ?? engineer?.BranchId ?? throw DomainException.Invalid("branchId", "Give a branchId, an engineerId, or both.");
    }

    /// <summary>Without an engineer named, the case keeps its engineer within its branch and loses it to another branch.</summary>
    public static CaseReassignment Decide(CaseRecord record, EngineerView? engineer, BranchProfile branch)
    {
        if (engineer is not null && engineer.BranchId != branch.Id)
            throw DomainException.Rule($"Engineer '{engineer.Id}' belongs to branch '{engineer.BranchId}', not '{branch.Id}'.");
        var previous = record.EngineerId;
        var next = engineer?.Id ?? (branch.Id == record.BranchId ? previous : null);
        if (branch.Id == record.BranchId && next == previous)
            throw DomainException.Conflict($"The case is already with branch '{branch.Id}'{(next is null ? "" : $" and engineer '{next}'")}.");
        return new(branch, previous, next);
    }

    /// <summary>Moves the case; a move to a branch of another region records the region it came from.</summary>
    public void Apply(CaseRecord record, string actor, DateTimeOffset now)
    {
        var fromRegion = Branch.RegionId == record.Region ? null : record.Region;
        record.Region = Branch.RegionId;
        record.BranchId = Branch.Id;
        record.EngineerId = Next;
        record.State = Next is null ? CaseState.Claimed
            : Next == Previous ? record.State
            : CaseState.Dispatched;
        record.Append(TimelineTypes.Reassigned, actor, now, branchId: Branch.Id, engineerId: Next, fromRegion: fromRegion);
    }
}
