using ServiceGrid.Cases;
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
        if (Record.ReservationDepots.Add(depotId)) await WriteAsync();
        return await GrainFactory.GetGrain<IDepotGrain>(depotId).Reserve(Id, sku, qty);
    }

    public async Task<CaseView> Resolve(ResolveCase command)
    {
        var now = await BeginAsync();
        CaseWorkflow.RequireResolvable(Record, command);
        await Parts.GuardAsync();
        var consumed = await Parts.ConsumeAsync(command.PartsUsed);
        var engineerId = Record.EngineerId;
        CaseWorkflow.Resolve(Record, command, now, Occurred(now));
        var view = await CommitAsync(now, () => Parts.UndoAsync(consumed));
        await Parts.ReleaseAsync();
        await ReleaseEngineerAsync(engineerId);
        return view;
    }

    public async Task<CaseView> Reassign(ReassignCase command)
    {
        var now = await BeginAsync();
        CaseTransitions.Require(Record.State, CaseCommand.Reassign);
        var engineer = command.EngineerId is { } engineerId ? await FindEngineerAsync(engineerId) : null;
        var branch = await FindBranchAsync(CaseReassignment.BranchIdOf(Record, command, engineer));
        var move = CaseReassignment.Decide(Record, engineer, branch);

        if (move.Joining is { } joining) await Engineer(joining).Assign(Id);
        move.Apply(Record, command.Actor, now);
        var view = await CommitAsync(now, () => ReleaseEngineerAsync(move.Joining));
        await ReleaseEngineerAsync(move.Leaving);
        return view;
    }
}
