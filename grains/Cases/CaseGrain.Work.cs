using ServiceGrid.Cases;
using ServiceGrid.Grains.Sla;
using ServiceGrid.Organization;
using ServiceGrid.Parts;

namespace ServiceGrid.Grains.Cases;

/// <summary>The commands that involve other grains: resolution and reservation (spare parts), reassignment (engineers).</summary>
public sealed partial class CaseGrain : ICasePartsGrain
{
    /// <summary>The case stores the depot before it asks it, so that the depot is released from when the case ends.</summary>
    public async Task<ReservationView> Reserve(string depotId, string sku, int qty)
    {
        await BeginAsync();
        if (!CaseTransitions.Active.Contains(Record.State))
            throw DomainException.Conflict($"Parts are reserved for a case that is being worked; the case is '{CaseTransitions.Name(Record.State)}'.");
        if (Record.ReservationDepots.Add(depotId))
        {
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                DeactivateOnIdle();
                throw;
            }
        }
        return await GrainFactory.GetGrain<IDepotGrain>(depotId).Reserve(Id, sku, qty);
    }

    public async Task<CaseView> Resolve(ResolveCase command)
    {
        var now = await BeginAsync();
        CaseTransitions.Require(Record.State, CaseCommand.Resolve);
        // Service plan 4.6: P1 and P2 faults need a fault report before the case can be resolved.
        if (Record.Severity is Severity.P1 or Severity.P2 && command.FaultReport is null)
            throw DomainException.Rule($"A {Record.Severity} case needs a fault report (diagnosis, root cause, actions, result) to be resolved.");

        await Parts.GuardAsync();
        var consumed = await Parts.ConsumeAsync(command.PartsUsed);
        // A remote fix from 'responded' needs no visit: a pending on-site milestone no longer applies; a breach stays.
        if (Record.State == CaseState.Responded) Record.Sla = SlaClock.Waive(Record.Sla, Milestone.Onsite);
        Record.Sla = SlaClock.Meet(Record.Sla, Milestone.Resolution, Occurred(now));
        Record.State = CaseState.Resolved;
        Record.Resolution = new ResolutionView(command.Summary, command.FaultReport, command.PartsUsed, now);
        var engineerId = Record.EngineerId;
        Record.Append(TimelineTypes.Resolved, command.Actor, now, note: command.Summary, engineerId: engineerId, milestone: Milestone.Resolution);
        var view = await CommitAsync(now, () => Parts.UndoAsync(consumed));
        await Parts.ReleaseAsync();
        if (engineerId is not null) await GrainFactory.GetGrain<IEngineerGrain>(engineerId).Release(Id);
        return view;
    }

    public async Task<CaseView> Reassign(ReassignCase command)
    {
        var now = await BeginAsync();
        CaseTransitions.Require(Record.State, CaseCommand.Reassign);
        var engineer = command.EngineerId is { } engineerId ? await FindEngineerAsync(engineerId) : null;
        if (engineer is not null && engineer.Id != Record.EngineerId) CaseCare.RequireApprovedRelocationPlan(Record);
        var branch = await FindBranchAsync(command.BranchId ?? engineer?.BranchId
            ?? throw DomainException.Invalid("branchId", "Give a branchId, an engineerId, or both."));
        if (engineer is not null && engineer.BranchId != branch.Id)
            throw DomainException.Rule($"Engineer '{engineer.Id}' belongs to branch '{engineer.BranchId}', not '{branch.Id}'.");

        var previousEngineer = Record.EngineerId;
        var nextEngineer = engineer?.Id ?? (branch.Id == Record.BranchId ? previousEngineer : null);
        if (branch.Id == Record.BranchId && nextEngineer == previousEngineer)
            throw DomainException.Conflict($"The case is already with branch '{branch.Id}'{(nextEngineer is null ? "" : $" and engineer '{nextEngineer}'")}.");

        if (nextEngineer is not null && nextEngineer != previousEngineer)
            await GrainFactory.GetGrain<IEngineerGrain>(nextEngineer).Assign(Id);
        var fromRegion = branch.RegionId == Record.Region ? null : Record.Region;
        Record.Region = branch.RegionId;
        Record.BranchId = branch.Id;
        Record.EngineerId = nextEngineer;
        Record.State = nextEngineer is null ? CaseState.Claimed
            : nextEngineer == previousEngineer ? Record.State
            : CaseState.Dispatched;
        Record.Append(TimelineTypes.Reassigned, command.Actor, now, branchId: branch.Id, engineerId: nextEngineer, fromRegion: fromRegion);
        var view = await CommitAsync(now, async () =>
        {
            if (nextEngineer is not null && nextEngineer != previousEngineer)
                await GrainFactory.GetGrain<IEngineerGrain>(nextEngineer).Release(Id);
        });
        if (previousEngineer is not null && previousEngineer != nextEngineer)
            await GrainFactory.GetGrain<IEngineerGrain>(previousEngineer).Release(Id);
        return view;
    }
}
