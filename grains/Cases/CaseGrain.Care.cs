using Microsoft.Extensions.Logging;
using ServiceGrid.Cases;

namespace ServiceGrid.Grains.Cases;

/// <summary>
/// Customer care on a case: a complaint's corrective and preventive action notice (service plan 4.5), a relocation's
/// plan and the customer's approval of it (4.8), and a substitute unit lent while the customer's is away (2(3)).
/// </summary>
public sealed partial class CaseGrain
{
    const string CapaReminder = "capa-due";
    /// <summary>The first check of a notice waits at most this long; later ones come every CapaCheckPeriod.</summary>
    static readonly TimeSpan MaxFirstCapaCheck = TimeSpan.FromDays(30);

    public async Task<CaseView> IssueCapa(string department, string action, DateTimeOffset dueAt, string actor)
    {
        var now = await BeginAsync();
        if (Record.Kind != CaseKind.Complaint)
            throw DomainException.Rule($"A corrective and preventive action notice is raised on a complaint; this case is a '{CaseTransitions.Name(Record.Kind)}'.");
        if (Record.State == CaseState.Cancelled) throw DomainException.Conflict("The complaint was cancelled.");
        if (Record.Capa is not null) throw DomainException.Conflict("This complaint already has its corrective and preventive action notice.");
        if (dueAt <= now) throw DomainException.Invalid("dueAt", "'dueAt' must be in the future.");

        Record.Capa = new CapaView { Department = department, Action = action, DueAt = dueAt, IssuedAt = now };
        Append(TimelineTypes.CapaIssued, actor, now, note: $"{department}: {action} (due {dueAt:yyyy-MM-dd HH:mm}Z)");
        var view = await CommitAsync(now);
        await ScheduleCapaAsync();
        return view;
    }

    public async Task<CaseView> CloseCapa(string outcome, string actor)
    {
        var now = await BeginAsync();
        if (Record.Capa is not { } capa) throw DomainException.Conflict("This case has no corrective and preventive action notice.");
        if (capa.ClosedAt is not null) throw DomainException.Conflict("The corrective and preventive action notice is already closed.");
        Record.Capa = capa with { ClosedAt = now, Outcome = outcome };
        Append(TimelineTypes.CapaClosed, actor, now, note: outcome);
        var view = await CommitAsync(now);
        await ScheduleCapaAsync();
        return view;
    }

    public async Task<CaseView> PlanRelocation(RelocationPlan plan, string actor)
    {
        var now = await BeginAsync();
        RequireKind(CaseKind.Relocation, "A relocation plan belongs to a relocation");
        // Service plan 4.8: the plan is agreed before the move; once an engineer is sent it can no longer change.
        if (Record.State is not (CaseState.Open or CaseState.Claimed))
            throw DomainException.Conflict($"The relocation plan can be filed only before dispatch; the case is '{CaseTransitions.Name(Record.State)}'.");
        Record.RelocationPlan = new RelocationPlanView
        {
            SiteSurvey = plan.SiteSurvey,
            Equipment = plan.Equipment,
            Route = plan.Route,
            Date = plan.Date,
            FiledAt = now,
            FiledBy = actor,
        };
        Append(TimelineTypes.RelocationPlanned, actor, now, note: $"Move on {plan.Date:yyyy-MM-dd}; route: {plan.Route}");
        return await CommitAsync(now);
    }

    public async Task<CaseView> ApproveRelocation(string actor)
    {
        var now = await BeginAsync();
        RequireKind(CaseKind.Relocation, "Only a relocation has a plan to approve");
        if (!CaseTransitions.Active.Contains(Record.State))
            throw DomainException.Conflict($"The case is '{CaseTransitions.Name(Record.State)}'.");
        if (Record.RelocationPlan is not { } plan) throw DomainException.Conflict("No relocation plan has been filed yet.");
        if (plan.ApprovedAt is not null) throw DomainException.Conflict($"The relocation plan was already approved by '{plan.ApprovedBy}'.");
        Record.RelocationPlan = plan with { ApprovedAt = now, ApprovedBy = actor };
        Append(TimelineTypes.RelocationApproved, actor, now);
        return await CommitAsync(now);
    }

    public async Task<CaseView> LendSubstitute(string serial, string actor)
    {
        var now = await BeginAsync();
        if (!CaseTransitions.Active.Contains(Record.State))
            throw DomainException.Conflict($"A substitute unit is lent while the case is worked; it is '{CaseTransitions.Name(Record.State)}'.");
        if (Record.Substitute is { ReturnedAt: null } lent)
            throw DomainException.Conflict($"Substitute unit '{lent.Serial}' is already lent on this case.");
        Record.Substitute = new SubstituteView(serial, now, null);
        Append(TimelineTypes.SubstituteLent, actor, now, note: serial);
        return await CommitAsync(now);
    }

    public async Task<CaseView> ReturnSubstitute(string actor)
    {
        var now = await BeginAsync();
        if (Record.Substitute is not { ReturnedAt: null } lent) throw DomainException.Conflict("No substitute unit is out on this case.");
        Record.Substitute = lent with { ReturnedAt = now };
        Append(TimelineTypes.SubstituteReturned, actor, now, note: lent.Serial);
        return await CommitAsync(now);
    }

    /// <summary>Service plan 4.8: the customer approves the relocation plan before the move.</summary>
    void RequireApprovedRelocationPlan()
    {
        if (Record.Kind == CaseKind.Relocation && Record.RelocationPlan?.ApprovedAt is null)
            throw DomainException.Rule("A relocation is dispatched only once the customer has approved its relocation plan.");
    }

    void RequireKind(CaseKind kind, string rule)
    {
        if (Record.Kind != kind) throw DomainException.Rule($"{rule}; this case is a '{CaseTransitions.Name(Record.Kind)}'.");
    }

    /// <summary>Records the notice overdue once its due time has passed while it is open; idempotent.</summary>
    async Task CheckCapaAsync()
    {
        if (!Record.Exists) return;
        var now = clock.GetUtcNow();
        if (Record.Capa is { ClosedAt: null, OverdueAt: null } capa && now >= capa.DueAt && Record.State != CaseState.Cancelled)
        {
            Record.Capa = capa with { OverdueAt = now };
            Append(TimelineTypes.CapaOverdue, SlaActor, now, note: $"{capa.Department}: {capa.Action} (due {capa.DueAt:yyyy-MM-dd HH:mm}Z)");
            await CommitAsync(now);
        }
        await ScheduleCapaAsync();
    }

    /// <summary>A durable reminder watches an open notice until it is closed or found overdue.</summary>
    async Task ScheduleCapaAsync()
    {
        try
        {
            if (Record.Capa is { ClosedAt: null, OverdueAt: null } capa && Record.State != CaseState.Cancelled)
            {
                var firstCheck = capa.DueAt - clock.GetUtcNow() + TimeSpan.FromSeconds(1);
                if (firstCheck < TimeSpan.FromMinutes(1)) firstCheck = TimeSpan.FromMinutes(1);
                if (firstCheck > MaxFirstCapaCheck) firstCheck = MaxFirstCapaCheck;
                await this.RegisterOrUpdateReminder(CapaReminder, firstCheck, serviceOptions.Value.CapaCheckPeriod);
            }
            else if (await this.GetReminder(CapaReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception exception) when (exception is not DomainException)
        {
            // The notice is stored; the next command or tick tries again.
            LogCapaReminderFailed(logger, exception, Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Case {CaseId}: the corrective-action reminder could not be updated")]
    static partial void LogCapaReminderFailed(ILogger logger, Exception exception, string caseId);
}
