using ServiceGrid.Cases;

namespace ServiceGrid.Grains.Cases;

/// <summary>
/// The rules of customer care on a case, as pure functions of the record: a complaint's corrective and preventive
/// action notice (service plan 4.5), a relocation's plan and the customer's approval of it (4.8), and a substitute unit
/// lent while the customer's is away (2(3)). Each throws the <see cref="DomainException"/> that refuses the command
/// before anything changes, or writes the new value and its timeline entry to the record; the case stores it.
/// </summary>
public static class CaseCare
{
    public static void IssueCapa(CaseRecord record, string department, string action, DateTimeOffset dueAt, string actor, DateTimeOffset now)
    {
        if (record.Kind != CaseKind.Complaint)
            throw DomainException.Rule($"A corrective and preventive action notice is raised on a complaint; this case is a '{CaseTransitions.Name(record.Kind)}'.");
        if (record.State == CaseState.Cancelled) throw DomainException.Conflict("The complaint was cancelled.");
        if (record.Capa is not null) throw DomainException.Conflict("This complaint already has its corrective and preventive action notice.");
        if (dueAt <= now) throw DomainException.Invalid("dueAt", "'dueAt' must be in the future.");
        var capa = record.Capa = new CapaView { Department = department, Action = action, DueAt = dueAt, IssuedAt = now };
        record.Append(TimelineTypes.CapaIssued, actor, now, note: CapaNote(capa));
    }

    public static void CloseCapa(CaseRecord record, string outcome, string actor, DateTimeOffset now)
    {
        if (record.Capa is not { } capa) throw DomainException.Conflict("This case has no corrective and preventive action notice.");
        if (capa.ClosedAt is not null) throw DomainException.Conflict("The corrective and preventive action notice is already closed.");
        record.Capa = capa with { ClosedAt = now, Outcome = outcome };
        record.Append(TimelineTypes.CapaClosed, actor, now, note: outcome);
    }

    /// <summary>The notice a reminder must watch: open, not yet found overdue, on a case not cancelled.</summary>
    public static CapaView? CapaWatched(CaseRecord record) =>
        record.Capa is { ClosedAt: null, OverdueAt: null } capa && record.State != CaseState.Cancelled ? capa : null;

    /// <summary>Records the notice overdue once its due time has passed while it is watched; false when it is not (yet, or any more).</summary>
    public static bool RecordCapaOverdue(CaseRecord record, DateTimeOffset now)
    {
        if (CapaWatched(record) is not { } capa || now < capa.DueAt) return false;
        var overdue = record.Capa = capa with { OverdueAt = now };
        record.Append(TimelineTypes.CapaOverdue, CaseSlaTransitions.Actor, now, note: CapaNote(overdue));
        return true;
    }

    static string CapaNote(CapaView capa) => $"{capa.Department}: {capa.Action} (due {capa.DueAt:yyyy-MM-dd HH:mm}Z)";

    public static void PlanRelocation(CaseRecord record, RelocationPlan plan, string actor, DateTimeOffset now)
    {
        RequireKind(record, CaseKind.Relocation, "A relocation plan belongs to a relocation");
        // Service plan 4.8: the plan is agreed before the move; once an engineer is sent it can no longer change.
        if (record.State is not (CaseState.Open or CaseState.Claimed))
            throw DomainException.Conflict($"The relocation plan can be filed only before dispatch; the case is '{CaseTransitions.Name(record.State)}'.");
        record.RelocationPlan = new RelocationPlanView
        {
            SiteSurvey = plan.SiteSurvey,
            Equipment = plan.Equipment,
            Route = plan.Route,
            Date = plan.Date,
            FiledAt = now,
            FiledBy = actor,
        };
        record.Append(TimelineTypes.RelocationPlanned, actor, now, note: $"Move on {plan.Date:yyyy-MM-dd}; route: {plan.Route}");
    }

    public static void ApproveRelocation(CaseRecord record, string actor, DateTimeOffset now)
    {
        RequireKind(record, CaseKind.Relocation, "Only a relocation has a plan to approve");
        if (!CaseTransitions.Active.Contains(record.State))
            throw DomainException.Conflict($"The case is '{CaseTransitions.Name(record.State)}'.");
        if (record.RelocationPlan is not { } plan) throw DomainException.Conflict("No relocation plan has been filed yet.");
        if (plan.ApprovedAt is not null) throw DomainException.Conflict($"The relocation plan was already approved by '{plan.ApprovedBy}'.");
        if (plan.RejectedAt is not null) throw DomainException.Conflict($"The relocation plan was rejected by '{plan.RejectedBy}'; the branch files a new one.");
        record.RelocationPlan = plan with { ApprovedAt = now, ApprovedBy = actor };
        record.Append(TimelineTypes.RelocationApproved, actor, now);
    }

    /// <summary>
    /// The customer rejects the filed plan; it stays on the case, marked, until the branch files a new one. False when it
    /// is already rejected for the same reason (a repeated request changes nothing).
    /// </summary>
    public static bool RejectRelocation(CaseRecord record, string reason, string actor, DateTimeOffset now)
    {
        RequireKind(record, CaseKind.Relocation, "Only a relocation has a plan to reject");
        if (!CaseTransitions.Active.Contains(record.State))
            throw DomainException.Conflict($"The case is '{CaseTransitions.Name(record.State)}'.");
        if (record.RelocationPlan is not { } plan) throw DomainException.Conflict("No relocation plan has been filed yet.");
        if (plan.ApprovedAt is not null) throw DomainException.Conflict($"The relocation plan was already approved by '{plan.ApprovedBy}'.");
        if (plan.RejectedAt is not null)
            return plan.RejectionReason == reason
                ? false
                : throw DomainException.Conflict($"The relocation plan was already rejected by '{plan.RejectedBy}'; the branch files a new one.");
        record.RelocationPlan = plan with { RejectedAt = now, RejectedBy = actor, RejectionReason = reason };
        record.Append(TimelineTypes.RelocationPlanRejected, actor, now, note: reason);
        return true;
    }

    /// <summary>Service plan 4.8: the customer approves the relocation plan before the move.</summary>
    public static void RequireApprovedRelocationPlan(CaseRecord record)
    {
        if (record.Kind == CaseKind.Relocation && record.RelocationPlan?.ApprovedAt is null)
            throw DomainException.Rule("A relocation is dispatched only once the customer has approved its relocation plan.");
    }

    public static void LendSubstitute(CaseRecord record, string serial, string actor, DateTimeOffset now)
    {
        if (!CaseTransitions.Active.Contains(record.State))
            throw DomainException.Conflict($"A substitute unit is lent while the case is worked; it is '{CaseTransitions.Name(record.State)}'.");
        if (record.Substitute is { ReturnedAt: null } lent)
            throw DomainException.Conflict($"Substitute unit '{lent.Serial}' is already lent on this case.");
        record.Substitute = new SubstituteView(serial, now, null);
        record.Append(TimelineTypes.SubstituteLent, actor, now, note: serial);
    }

    public static void ReturnSubstitute(CaseRecord record, string actor, DateTimeOffset now)
    {
        if (record.Substitute is not { ReturnedAt: null } lent) throw DomainException.Conflict("No substitute unit is out on this case.");
        record.Substitute = lent with { ReturnedAt = now };
        record.Append(TimelineTypes.SubstituteReturned, actor, now, note: lent.Serial);
    }

    static void RequireKind(CaseRecord record, CaseKind kind, string rule)
    {
        if (record.Kind != kind) throw DomainException.Rule($"{rule}; this case is a '{CaseTransitions.Name(record.Kind)}'.");
    }
}
