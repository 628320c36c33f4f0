using ServiceGrid.Cases;

namespace ServiceGrid.Grains.Cases;

/// <summary>Customer care on a case; the rules are <see cref="CaseCare"/>'s, the case stores and announces the outcome.</summary>
public sealed partial class CaseGrain
{
    public async Task<CaseView> IssueCapa(string department, string action, DateTimeOffset dueAt, string actor)
    {
        var now = await BeginAsync();
        var capa = Record.Capa = CaseCare.IssueCapa(Record, department, action, dueAt, now);
        Record.Append(TimelineTypes.CapaIssued, actor, now, note: CaseCare.CapaNote(capa));
        var view = await CommitAsync(now);
        await Deadlines.ScheduleCapaAsync();
        return view;
    }

    public async Task<CaseView> CloseCapa(string outcome, string actor)
    {
        var now = await BeginAsync();
        Record.Capa = CaseCare.CloseCapa(Record, outcome, now);
        Record.Append(TimelineTypes.CapaClosed, actor, now, note: outcome);
        var view = await CommitAsync(now);
        await Deadlines.ScheduleCapaAsync();
        return view;
    }

    public async Task<CaseView> PlanRelocation(RelocationPlan plan, string actor)
    {
        var now = await BeginAsync();
        Record.RelocationPlan = CaseCare.PlanRelocation(Record, plan, actor, now);
        Record.Append(TimelineTypes.RelocationPlanned, actor, now, note: $"Move on {plan.Date:yyyy-MM-dd}; route: {plan.Route}");
        return await CommitAsync(now);
    }

    public async Task<CaseView> ApproveRelocation(string actor)
    {
        var now = await BeginAsync();
        Record.RelocationPlan = CaseCare.ApproveRelocation(Record, actor, now);
        Record.Append(TimelineTypes.RelocationApproved, actor, now);
        // The region's schedule books the approved plan's visit when it sees the approval.
        return await CommitAsync(now);
    }

    public async Task<CaseView> RejectRelocation(string reason, string actor)
    {
        var now = await BeginAsync();
        if (CaseCare.RejectRelocation(Record, reason, actor, now) is not { } rejected) return Record.ToView(Id);
        Record.RelocationPlan = rejected;
        Record.Append(TimelineTypes.RelocationPlanRejected, actor, now, note: reason);
        return await CommitAsync(now);
    }

    public async Task<CaseView> LendSubstitute(string serial, string actor)
    {
        var now = await BeginAsync();
        Record.Substitute = CaseCare.LendSubstitute(Record, serial, now);
        Record.Append(TimelineTypes.SubstituteLent, actor, now, note: serial);
        return await CommitAsync(now);
    }

    public async Task<CaseView> ReturnSubstitute(string actor)
    {
        var now = await BeginAsync();
        Record.Substitute = CaseCare.ReturnSubstitute(Record, now);
        Record.Append(TimelineTypes.SubstituteReturned, actor, now, note: Record.Substitute.Serial);
        return await CommitAsync(now);
    }

    /// <summary>Records the notice overdue once its due time has passed while it is open; idempotent.</summary>
    async Task CheckCapaAsync()
    {
        if (!Record.Exists) return;
        var now = clock.GetUtcNow();
        if (CaseCare.CapaOverdue(Record, now) is { } overdue)
        {
            Record.Capa = overdue;
            Record.Append(TimelineTypes.CapaOverdue, SlaActor, now, note: CaseCare.CapaNote(overdue));
            await CommitAsync(now);
        }
        await Deadlines.ScheduleCapaAsync();
    }
}
