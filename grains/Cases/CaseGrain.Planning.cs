using ServiceGrid.Cases;
using ServiceGrid.Organization;

namespace ServiceGrid.Grains.Cases;

/// <summary>The dispatch planner's decisions and the pin that keeps it away (issue 15: a person's decision always wins).</summary>
public sealed partial class CaseGrain
{
    public async Task<CaseView> Plan(PlannedDispatch plan)
    {
        // Read before the deadlines due now are recorded: those are no person's decision.
        var read = Record.Version;
        var now = await BeginAsync();
        if (read != plan.ExpectedVersion)
            throw DomainException.Conflict($"The case changed since the planner read it (version {plan.ExpectedVersion}, now {read}).");
        if (Record.Timeline.IsPinned()) throw DomainException.Conflict("The case is pinned to where a person put it.");
        if (Record.Timeline.IsPersonAssigned()) throw DomainException.Conflict("A person chose where the case is; the planner leaves it.");
        var engineer = await FindEngineerAsync(plan.EngineerId);
        var branch = await FindBranchAsync(engineer.BranchId);
        if (branch.RegionId != Record.Region || (Record.BranchId is { } holder && holder != branch.Id))
            throw DomainException.Rule($"Engineer '{engineer.Id}' of branch '{branch.Id}' cannot take a case of '{Record.BranchId ?? Record.Region}'.");
        var previous = Record.EngineerId;
        if (previous == engineer.Id) throw DomainException.Conflict($"The case is already with engineer '{engineer.Id}'.");
        // Open: claimed and dispatched at once; claimed: dispatched; not on site yet: moved. An engineer on site stays.
        if (Record.State is not (CaseState.Open or CaseState.Claimed or CaseState.Dispatched or CaseState.Responded))
            throw DomainException.Conflict($"The planner leaves a case that is '{CaseTransitions.Name(Record.State)}'.");
        CaseCare.RequireApprovedRelocationPlan(Record);

        await GrainFactory.GetGrain<IEngineerGrain>(engineer.Id).Assign(Id);
        var note = string.Join("; ", plan.Reasons);
        if (Record.State == CaseState.Open)
        {
            Record.BranchId = branch.Id;
            Record.Append(TimelineTypes.Claimed, CaseDecisions.Planner, now, branchId: branch.Id);
        }
        Record.State = CaseState.Dispatched;
        Record.EngineerId = engineer.Id;
        if (Record.Tier == Tiers.Branch) Record.Tier = Tiers.MaintenanceGroup;
        Record.Append(previous is null ? TimelineTypes.Dispatched : TimelineTypes.Reassigned, CaseDecisions.Planner, now,
            note: note, branchId: branch.Id, engineerId: engineer.Id, tier: Record.Tier);
        var view = await CommitAsync(now, () => GrainFactory.GetGrain<IEngineerGrain>(engineer.Id).Release(Id));
        if (previous is not null) await GrainFactory.GetGrain<IEngineerGrain>(previous).Release(Id);
        return view;
    }

    public Task<CaseView> Pin(string actor) => SetPinnedAsync(true, actor);

    public Task<CaseView> Unpin(string actor) => SetPinnedAsync(false, actor);

    async Task<CaseView> SetPinnedAsync(bool pinned, string actor)
    {
        var now = await BeginAsync();
        if (!CaseTransitions.Active.Contains(Record.State))
            throw DomainException.Conflict($"Only a case still being worked is pinned; the case is '{CaseTransitions.Name(Record.State)}'.");
        if (Record.Timeline.IsPinned() == pinned) return Record.ToView(Id);
        Record.Append(pinned ? TimelineTypes.Pinned : TimelineTypes.Unpinned, actor, now);
        return await CommitAsync(now);
    }
}
