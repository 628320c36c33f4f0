using ServiceGrid.Cases;
using ServiceGrid.Organization;

namespace ServiceGrid.Grains.Cases;

/// <summary>The dispatch planner's decisions and the pin that keeps it away; the rules are <see cref="CasePlanning"/>'s.</summary>
public sealed partial class CaseGrain
{
    public async Task<CaseView> Plan(PlannedDispatch plan)
    {
        // Read before the deadlines due now are recorded: those are no person's decision.
        var read = Record.Version;
        var now = await BeginAsync();
        CasePlanning.RequireMovable(Record, read, plan);
        var engineer = await FindEngineerAsync(plan.EngineerId);
        var branch = await FindBranchAsync(engineer.BranchId);
        CasePlanning.RequireCanTake(Record, engineer, branch);

        await Engineer(engineer.Id).Assign(Id);
        var previous = Record.EngineerId;
        CasePlanning.Apply(Record, plan, engineer, branch, now);
        var view = await CommitAsync(now, () => ReleaseEngineerAsync(engineer.Id));
        await ReleaseEngineerAsync(previous);
        return view;
    }

    public Task<CaseView> Pin(string actor) => ApplyOnceAsync(now => CasePlanning.SetPinned(Record, true, actor, now));

    public Task<CaseView> Unpin(string actor) => ApplyOnceAsync(now => CasePlanning.SetPinned(Record, false, actor, now));
}
