using ServiceGrid.Cases;
using ServiceGrid.Events;
using ServiceGrid.Service;
using ServiceGrid.Tests.Infrastructure;
using static ServiceGrid.Tests.Infrastructure.TestOrganization;

namespace ServiceGrid.Tests.Cases;

/// <summary>Complaints' corrective actions, relocation plans, substitute units and the customer-care alerts, on the fake clock.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CareTests(ClusterFixture fixture)
{
    readonly IGrainFactory _grains = fixture.Grains;

    DateTimeOffset Now => fixture.Clock.GetUtcNow();

    IAlertLogGrain AlertLog => _grains.GetGrain<IAlertLogGrain>(GridStreams.AllKey);

    [Fact]
    public async Task A_complaint_gets_a_corrective_action_notice_on_its_timeline_and_other_kinds_are_refused()
    {
        var complaint = await _grains.OpenCaseAsync(Severity.P3, North, CaseKind.Complaint);
        var grain = _grains.GetGrain<ICaseGrain>(complaint.Id);
        var dueAt = Now.AddDays(14);

        var issued = await grain.IssueCapa("Quality", "Retrain the installation team", dueAt, "csc");

        Assert.Equal(("Quality", "Retrain the installation team", dueAt, Now), (issued.Capa!.Department, issued.Capa.Action, issued.Capa.DueAt, issued.Capa.IssuedAt));
        var entry = issued.Timeline[^1];
        Assert.Equal((TimelineTypes.CapaIssued, "csc"), (entry.Type, entry.Actor));
        Assert.Contains("Quality", entry.Note);
        await DomainAssert.Refused(FailureKind.Conflict, () => grain.IssueCapa("Quality", "Again", dueAt, "csc"));

        var service = await _grains.OpenCaseAsync(Severity.P3, North);
        await DomainAssert.Refused(FailureKind.BusinessRule, () => _grains.GetGrain<ICaseGrain>(service.Id).IssueCapa("Quality", "a", dueAt, "csc"));
        var other = await _grains.OpenCaseAsync(Severity.P3, North, CaseKind.Complaint);
        await DomainAssert.Refused(FailureKind.Invalid, () => _grains.GetGrain<ICaseGrain>(other.Id).IssueCapa("Quality", "a", Now.AddMinutes(-1), "csc"));
    }

    [Fact]
    public async Task An_open_notice_past_its_due_time_is_recorded_overdue_and_alerted_once()
    {
        var complaint = await _grains.OpenCaseAsync(Severity.P3, East, CaseKind.Complaint);
        var grain = _grains.GetGrain<ICaseGrain>(complaint.Id);
        await grain.IssueCapa("Production", "Add a torque check to the assembly line", Now.AddDays(2), "csc");
        var remindable = grain.AsReference<IRemindable>();
        var tick = new TickStatus(Now.UtcDateTime, TimeSpan.FromHours(1), Now.UtcDateTime);

        await remindable.ReceiveReminder("capa-due", tick);
        Assert.Null((await grain.Get())!.Capa!.OverdueAt);

        await fixture.AdvanceAsync(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1));
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => remindable.ReceiveReminder("capa-due", tick)));

        var view = (await grain.Get())!;
        Assert.Equal(Now, view.Capa!.OverdueAt);
        Assert.Single(view.Timeline, e => e.Type == TimelineTypes.CapaOverdue);
        var alerts = await Eventually.Until(() => AlertLog.Since(null, 10_000), a => a.Any(x => x.CaseId == complaint.Id && x.Type == AlertType.CapaOverdue));
        var alert = Assert.Single(alerts, a => a.CaseId == complaint.Id && a.Type == AlertType.CapaOverdue);
        Assert.Equal(RecipientRole.DepartmentManager, alert.RecipientRole);
    }

    [Fact]
    public async Task A_notice_closed_in_time_never_becomes_overdue()
    {
        var complaint = await _grains.OpenCaseAsync(Severity.P3, North, CaseKind.Complaint);
        var grain = _grains.GetGrain<ICaseGrain>(complaint.Id);
        await grain.IssueCapa("Service", "Call back within a day", Now.AddDays(1), "csc");

        var closed = await grain.CloseCapa("Callback procedure changed", "csc");
        Assert.Equal(("Callback procedure changed", Now), (closed.Capa!.Outcome, closed.Capa.ClosedAt));
        await DomainAssert.Refused(FailureKind.Conflict, () => grain.CloseCapa("Twice", "csc"));

        await fixture.AdvanceAsync(TimeSpan.FromDays(3));
        await grain.AsReference<IRemindable>().ReceiveReminder("capa-due", new TickStatus(Now.UtcDateTime, TimeSpan.FromHours(1), Now.UtcDateTime));

        var view = (await grain.Get())!;
        Assert.Null(view.Capa!.OverdueAt);
        Assert.DoesNotContain(view.Timeline, e => e.Type == TimelineTypes.CapaOverdue);
        var withoutNotice = await _grains.OpenCaseAsync(Severity.P3, North, CaseKind.Complaint);
        await DomainAssert.Refused(FailureKind.Conflict, () => _grains.GetGrain<ICaseGrain>(withoutNotice.Id).CloseCapa("none", "csc"));
    }

    [Fact]
    public async Task A_relocation_is_dispatched_only_after_the_customer_approved_its_plan()
    {
        var opened = await _grains.OpenCaseAsync(Severity.P5, North, CaseKind.Relocation);
        var grain = _grains.GetGrain<ICaseGrain>(opened.Id);
        await grain.Claim(Beijing, "branch-beijing");
        var engineer = await _grains.NewEngineerAsync(Beijing);
        var plan = new RelocationPlan("Old hall: 3 t crane; new hall: floor rated 5 t/m2", "GX-200 in two crates", "Ring road 5, night move", Now.AddDays(10));

        await DomainAssert.Refused(FailureKind.BusinessRule, () => grain.Dispatch(engineer, "branch-beijing"));
        await DomainAssert.Refused(FailureKind.Conflict, () => grain.ApproveRelocation(NorthCustomer));
        var planned = await grain.PlanRelocation(plan, "branch-beijing");
        Assert.Equal((plan.Route, plan.Date, "branch-beijing"), (planned.RelocationPlan!.Route, planned.RelocationPlan.Date, planned.RelocationPlan.FiledBy));
        Assert.Null(planned.RelocationPlan.ApprovedAt);
        await DomainAssert.Refused(FailureKind.BusinessRule, () => grain.Dispatch(engineer, "branch-beijing"));

        var approved = await grain.ApproveRelocation(NorthCustomer);
        Assert.Equal((Now, NorthCustomer), (approved.RelocationPlan!.ApprovedAt, approved.RelocationPlan.ApprovedBy));
        Assert.Equal(TimelineTypes.RelocationApproved, approved.Timeline[^1].Type);
        await DomainAssert.Refused(FailureKind.Conflict, () => grain.ApproveRelocation(NorthCustomer));

        var dispatched = await grain.Dispatch(engineer, "branch-beijing");
        Assert.Equal(CaseState.Dispatched, dispatched.State);
        await DomainAssert.Refused(FailureKind.Conflict, () => grain.PlanRelocation(plan, "branch-beijing"));
    }

    [Fact]
    public async Task A_new_plan_replaces_the_old_one_and_needs_approval_again_and_only_relocations_have_plans()
    {
        var opened = await _grains.OpenCaseAsync(Severity.P5, North, CaseKind.Relocation);
        var grain = _grains.GetGrain<ICaseGrain>(opened.Id);
        var plan = new RelocationPlan("survey", "equipment", "route A", Now.AddDays(5));
        await grain.PlanRelocation(plan, "hq");
        await grain.ApproveRelocation("csc");

        var replanned = await grain.PlanRelocation(plan with { Route = "route B" }, "hq");

        Assert.Equal("route B", replanned.RelocationPlan!.Route);
        Assert.Null(replanned.RelocationPlan.ApprovedAt);
        var service = await _grains.OpenCaseAsync(Severity.P3, North);
        await DomainAssert.Refused(FailureKind.BusinessRule, () => _grains.GetGrain<ICaseGrain>(service.Id).PlanRelocation(plan, "hq"));
        await DomainAssert.Refused(FailureKind.BusinessRule, () => _grains.GetGrain<ICaseGrain>(service.Id).ApproveRelocation("csc"));
    }

    [Fact]
    public async Task A_rejected_plan_stays_on_the_case_with_who_when_and_why_until_a_new_one_is_filed()
    {
        var opened = await _grains.OpenCaseAsync(Severity.P5, North, CaseKind.Relocation);
        var grain = _grains.GetGrain<ICaseGrain>(opened.Id);
        var plan = new RelocationPlan("survey", "equipment", "route A", Now.AddDays(5));
        await DomainAssert.Refused(FailureKind.Conflict, () => grain.RejectRelocation("No plan yet", NorthCustomer));
        await grain.PlanRelocation(plan, "hq");

        var rejected = await grain.RejectRelocation("Route A crosses the river at rush hour", NorthCustomer);

        Assert.Equal((Now, NorthCustomer, "Route A crosses the river at rush hour"),
            (rejected.RelocationPlan!.RejectedAt, rejected.RelocationPlan.RejectedBy, rejected.RelocationPlan.RejectionReason));
        Assert.Equal("route A", rejected.RelocationPlan.Route);
        Assert.Equal((TimelineTypes.RelocationPlanRejected, "Route A crosses the river at rush hour"), (rejected.Timeline[^1].Type, rejected.Timeline[^1].Note));
        var again = await grain.RejectRelocation("Route A crosses the river at rush hour", NorthCustomer);
        Assert.Equal(rejected.Version, again.Version);
        await DomainAssert.Refused(FailureKind.Conflict, () => grain.RejectRelocation("Another reason", NorthCustomer));
        await DomainAssert.Refused(FailureKind.Conflict, () => grain.ApproveRelocation(NorthCustomer));

        var refiled = await grain.PlanRelocation(plan with { Route = "route B" }, "hq");
        Assert.Null(refiled.RelocationPlan!.RejectedAt);
        var approved = await grain.ApproveRelocation(NorthCustomer);
        Assert.NotNull(approved.RelocationPlan!.ApprovedAt);
        await DomainAssert.Refused(FailureKind.Conflict, () => grain.RejectRelocation("Too late", NorthCustomer));
        var service = await _grains.OpenCaseAsync(Severity.P3, North);
        await DomainAssert.Refused(FailureKind.BusinessRule, () => _grains.GetGrain<ICaseGrain>(service.Id).RejectRelocation("r", "csc"));
    }

    [Fact]
    public async Task A_substitute_unit_is_lent_once_at_a_time_shown_on_the_case_and_returned()
    {
        var (grain, _) = await _grains.DispatchedCaseAsync(Severity.P2);

        var lent = await grain.LendSubstitute("LOAN-GX-07", "branch-beijing");
        Assert.Equal(new SubstituteView("LOAN-GX-07", Now, null), lent.Substitute);
        await DomainAssert.Refused(FailureKind.Conflict, () => grain.LendSubstitute("LOAN-GX-08", "branch-beijing"));

        await fixture.AdvanceAsync(TimeSpan.FromMinutes(5));
        var returned = await grain.ReturnSubstitute("branch-beijing");
        Assert.Equal(new SubstituteView("LOAN-GX-07", lent.Substitute!.LentAt, Now), returned.Substitute);
        Assert.Equal([TimelineTypes.SubstituteLent, TimelineTypes.SubstituteReturned],
            returned.Timeline.Where(e => e.Type.StartsWith("substitute", StringComparison.Ordinal)).Select(e => e.Type));
        await DomainAssert.Refused(FailureKind.Conflict, () => grain.ReturnSubstitute("branch-beijing"));
    }

    [Fact]
    public async Task A_dissatisfied_survey_raises_a_follow_up_alert_to_the_customer_service_center()
    {
        var (grain, engineer) = await _grains.DispatchedCaseAsync(Severity.P4);
        await grain.Respond("Called", engineer);
        await grain.Resolve(new ResolveCase { Summary = "Explained the setting", Actor = engineer });
        await grain.Close("csc");
        var surveyed = await grain.Survey(2, "Took too long", NorthCustomer);

        var alerts = await Eventually.Until(() => AlertLog.Since(null, 10_000), a => a.Any(x => x.CaseId == surveyed.Id && x.Type == AlertType.DissatisfiedCustomer));
        var alert = Assert.Single(alerts, a => a.CaseId == surveyed.Id && a.Type == AlertType.DissatisfiedCustomer);
        Assert.Equal(RecipientRole.CustomerServiceCenter, alert.RecipientRole);
        Assert.Contains("follow up", alert.Message);
    }

    [Fact]
    public async Task Complaints_rising_is_raised_once_a_month_when_the_months_count_first_exceeds_last_months()
    {
        // Start from the beginning of a fresh month, then work in the next one.
        var now = Now;
        var firstMonth = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
        await fixture.AdvanceAsync(firstMonth.AddHours(1) - now);
        await ComplaintsAsync(2);
        await fixture.AdvanceAsync(firstMonth.AddMonths(1).AddHours(1) - Now);
        var month = Now.UtcDateTime.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

        var complaints = await ComplaintsAsync(4);

        var trend = _grains.GetGrain<IComplaintTrendGrain>(South);
        await Eventually.Until(() => trend.CountOf(month), count => count == 4);
        var alerts = await Eventually.Until(() => AlertLog.Since(null, 10_000), a => a.Any(x => x.Id == $"complaints:{South}:{month}"));
        var rising = Assert.Single(alerts, a => a.Type == AlertType.ComplaintsRising && a.Id == $"complaints:{South}:{month}");
        // Two last month: the third of this month is the first to exceed that.
        Assert.Equal(complaints[2], rising.CaseId);
        Assert.Equal((RecipientRole.VicePresident, South), (rising.RecipientRole, rising.Region));
    }

    async Task<List<string>> ComplaintsAsync(int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++) ids.Add((await _grains.OpenCaseAsync(Severity.P3, South, CaseKind.Complaint)).Id);
        return ids;
    }
}
