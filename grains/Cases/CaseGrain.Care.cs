using ServiceGrid.Cases;

namespace ServiceGrid.Grains.Cases;

/// <summary>Customer care on a case; the rules are <see cref="CaseCare"/>'s, the case stores and announces the outcome.</summary>
public sealed partial class CaseGrain
{
    public async Task<CaseView> IssueCapa(string department, string action, DateTimeOffset dueAt, string actor)
    {
        var view = await ApplyAsync(now => CaseCare.IssueCapa(Record, department, action, dueAt, actor, now));
        await Deadlines.ScheduleCapaAsync();
        return view;
    }

    public async Task<CaseView> CloseCapa(string outcome, string actor)
    {
        var view = await ApplyAsync(now => CaseCare.CloseCapa(Record, outcome, actor, now));
        await Deadlines.ScheduleCapaAsync();
        return view;
    }

    public Task<CaseView> PlanRelocation(RelocationPlan plan, string actor) =>
        ApplyAsync(now => CaseCare.PlanRelocation(Record, plan, actor, now));

    // The region's schedule books the approved plan's visit when it sees the approval.
    public Task<CaseView> ApproveRelocation(string actor) => ApplyAsync(now => CaseCare.ApproveRelocation(Record, actor, now));

    public Task<CaseView> RejectRelocation(string reason, string actor) =>
        ApplyOnceAsync(now => CaseCare.RejectRelocation(Record, reason, actor, now));

    public Task<CaseView> LendSubstitute(string serial, string actor) => ApplyAsync(now => CaseCare.LendSubstitute(Record, serial, actor, now));

    public Task<CaseView> ReturnSubstitute(string actor) => ApplyAsync(now => CaseCare.ReturnSubstitute(Record, actor, now));

    /// <summary>Records the notice overdue once its due time has passed while it is open; idempotent.</summary>
    async Task CheckCapaAsync()
    {
        if (!Record.Exists) return;
        var now = clock.GetUtcNow();
        if (CaseCare.RecordCapaOverdue(Record, now)) await CommitAsync(now);
        await Deadlines.ScheduleCapaAsync();
    }
}
