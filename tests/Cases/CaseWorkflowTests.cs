using ServiceGrid.Cases;
using ServiceGrid.Grains.Cases;
using static ServiceGrid.Tests.Cases.CaseRecords;

namespace ServiceGrid.Tests.Cases;

/// <summary>The service path's rules without a silo; LifecycleTests and ClaimTests drive the same steps through the grain.</summary>
public sealed class CaseWorkflowTests
{
    static readonly DateTimeOffset Now = Opened.AddMinutes(20);

    [Fact]
    public void A_case_claimed_by_one_branch_is_a_lost_race_for_the_next_but_an_open_case_is_not()
    {
        Assert.Null(CaseWorkflow.ClaimedElsewhere(InState(CaseState.Open)));
        // Cancelled while open: nobody holds it, so the transition table refuses it, not the claim race.
        Assert.Null(CaseWorkflow.ClaimedElsewhere(InState(CaseState.Cancelled)));

        var lost = CaseWorkflow.ClaimedElsewhere(InState(CaseState.Claimed, branchId: "tianjin"));
        Assert.Equal(FailureKind.Conflict, lost!.Kind);
        Assert.Contains("'tianjin'", lost.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_claim_by_a_branch_of_another_region_is_forbidden_and_changes_nothing()
    {
        var record = InState(CaseState.Open);

        var refusal = Assert.Throws<DomainException>(() => CaseWorkflow.Claim(record, Branch("shanghai", "east"), "hq", Now));

        Assert.Equal(FailureKind.Forbidden, refusal.Kind);
        Assert.Equal((CaseState.Open, null, 1), (record.State, record.BranchId, record.Version));
    }

    [Fact]
    public void A_claim_records_the_branch_as_the_next_version()
    {
        var record = InState(CaseState.Open);

        CaseWorkflow.Claim(record, Branch("tianjin"), "branch-tianjin", Now);

        Assert.Equal((CaseState.Claimed, "tianjin", 2), (record.State, record.BranchId, record.Version));
        var entry = Assert.Single(record.Timeline);
        Assert.Equal((TimelineTypes.Claimed, "tianjin", 2, Now), (entry.Type, entry.BranchId, entry.Version, entry.At));
    }

    [Fact]
    public void Dispatch_hands_a_branch_case_to_the_maintenance_group_but_leaves_an_HQ_case_with_HQ()
    {
        var branchCase = InState(CaseState.Claimed, branchId: "tianjin");
        var hqCase = InState(CaseState.Claimed, branchId: "tianjin");
        hqCase.Tier = Tiers.Headquarters;

        CaseWorkflow.Dispatch(branchCase, "eng-1", "branch-tianjin", Now);
        CaseWorkflow.Dispatch(hqCase, "eng-1", "branch-tianjin", Now);

        Assert.Equal((CaseState.Dispatched, "eng-1", Tiers.MaintenanceGroup), (branchCase.State, branchCase.EngineerId, branchCase.Tier));
        Assert.Equal(Tiers.MaintenanceGroup, branchCase.Timeline[^1].Tier);
        Assert.Equal(Tiers.Headquarters, hqCase.Tier);
    }

    [Fact]
    public void Dispatch_refuses_an_engineer_of_another_branch_and_a_relocation_without_an_approved_plan()
    {
        var record = InState(CaseState.Claimed, branchId: "tianjin");
        Assert.Equal(FailureKind.Forbidden,
            Assert.Throws<DomainException>(() => CaseWorkflow.RequireEngineerOfHolder(record, Engineer("eng-9", "beijing"))).Kind);
        CaseWorkflow.RequireEngineerOfHolder(record, Engineer("eng-1", "tianjin"));

        var relocation = InState(CaseState.Claimed, branchId: "tianjin", kind: CaseKind.Relocation);
        Assert.Equal(FailureKind.BusinessRule, Assert.Throws<DomainException>(() => CaseWorkflow.RequireDispatchable(relocation)).Kind);
        Assert.Equal(FailureKind.Conflict,
            Assert.Throws<DomainException>(() => CaseWorkflow.RequireDispatchable(InState(CaseState.Open))).Kind);
    }

    [Fact]
    public void Respond_and_arrive_meet_their_milestones_when_the_engineer_did_them_not_when_they_arrived()
    {
        var record = InState(CaseState.Dispatched, "tianjin", "eng-1");
        var didIt = Now.AddMinutes(-5);

        CaseWorkflow.Respond(record, "on my way", "eng-1", Now, didIt);
        CaseWorkflow.Arrive(record, "eng-1", Now.AddHours(1), Now.AddMinutes(50));

        Assert.Equal(CaseState.OnSite, record.State);
        Assert.Equal((MilestoneStatus.Met, didIt), (record.Sla.Response.Status, record.Sla.Response.MetAt));
        Assert.Equal(Now.AddMinutes(50), record.Sla.Onsite.MetAt);
        Assert.Equal([TimelineTypes.Responded, TimelineTypes.Arrived], record.Appended());
        Assert.Equal((Milestone.Onsite, "eng-1", Now.AddHours(1)), (record.Timeline[^1].Milestone, record.Timeline[^1].EngineerId, record.Timeline[^1].At));
    }

    [Fact]
    public void A_P1_case_is_not_resolvable_without_a_fault_report()
    {
        var record = InState(CaseState.OnSite, "tianjin", "eng-1");

        var refusal = Assert.Throws<DomainException>(() => CaseWorkflow.RequireResolvable(record, new ResolveCase { Summary = "Fixed", Actor = "eng-1" }));

        Assert.Equal(FailureKind.BusinessRule, refusal.Kind);
        CaseWorkflow.RequireResolvable(record, Resolution(withReport: true));
    }

    [Fact]
    public void A_remote_fix_from_responded_waives_the_pending_onsite_milestone_and_meets_resolution()
    {
        var record = InState(CaseState.Responded, "tianjin", "eng-1");

        CaseWorkflow.Resolve(record, Resolution(withReport: true), Now, Now.AddMinutes(-1));

        Assert.Equal(CaseState.Resolved, record.State);
        Assert.Equal(MilestoneStatus.NotApplicable, record.Sla.Onsite.Status);
        Assert.Equal((MilestoneStatus.Met, Now.AddMinutes(-1)), (record.Sla.Resolution.Status, record.Sla.Resolution.MetAt));
        Assert.Equal(("Fixed remotely", Now), (record.Resolution!.Summary, record.Resolution.At));
        Assert.Equal(("eng-1", Milestone.Resolution), (record.Timeline[^1].EngineerId, record.Timeline[^1].Milestone));
    }

    [Fact]
    public void Escalation_goes_up_one_tier_at_a_time_and_HQ_refuses_a_further_one()
    {
        var record = InState(CaseState.Dispatched, "tianjin", "eng-1");
        record.Tier = Tiers.MaintenanceGroup;

        CaseWorkflow.Escalate(record, "customer angry", "csc", Now);
        Assert.Equal(Tiers.Branch, record.Tier);
        CaseWorkflow.Escalate(record, "still angry", "csc", Now);
        Assert.Equal(Tiers.Headquarters, record.Tier);

        Assert.Equal(FailureKind.Conflict, Assert.Throws<DomainException>(() => CaseWorkflow.Escalate(record, "again", "csc", Now)).Kind);
        Assert.Equal([Tiers.Branch, Tiers.Headquarters], record.Timeline.Select(e => e.Tier!.Value));
    }

    [Fact]
    public void Cancel_waives_every_pending_milestone_and_a_closed_case_cannot_be_cancelled()
    {
        var record = InState(CaseState.Dispatched, "tianjin", "eng-1");

        CaseWorkflow.Cancel(record, "duplicate", "csc", Now);

        Assert.Equal(CaseState.Cancelled, record.State);
        Assert.All([record.Sla.Response, record.Sla.Onsite, record.Sla.Resolution], clock => Assert.Equal(MilestoneStatus.NotApplicable, clock.Status));
        Assert.Equal("eng-1", record.EngineerId);
        Assert.Throws<DomainException>(() => CaseWorkflow.Cancel(InState(CaseState.Closed), "late", "csc", Now));
    }

    [Fact]
    public void A_pause_moves_the_deadlines_by_the_time_paused_when_the_policy_stops_the_clock()
    {
        var record = InState(CaseState.Dispatched, "tianjin", "eng-1");
        var dueBefore = record.Sla.Resolution.DueAt;

        CaseWorkflow.Pause(record, pauseSla: true, "waiting for the customer", "csc", Now, Now);
        Assert.Equal(FailureKind.Conflict, Assert.Throws<DomainException>(() => CaseWorkflow.Pause(record, true, "again", "csc", Now, Now)).Kind);
        CaseWorkflow.Resume(record, "customer back", "csc", Now.AddHours(3), Now.AddHours(2));

        Assert.Null(record.PausedAt);
        Assert.Equal(dueBefore + TimeSpan.FromHours(2), record.Sla.Resolution.DueAt);
        Assert.Equal([TimelineTypes.Paused, TimelineTypes.Resumed], record.Appended());
        Assert.Equal(FailureKind.Conflict, Assert.Throws<DomainException>(() => CaseWorkflow.Resume(record, "again", "csc", Now, Now)).Kind);
    }

    [Fact]
    public void A_pause_keeps_the_deadlines_when_the_policy_does_not_stop_the_clock()
    {
        var record = InState(CaseState.Dispatched, "tianjin", "eng-1");
        var before = record.Sla;

        CaseWorkflow.Pause(record, pauseSla: false, "waiting for the customer", "csc", Now, Now.AddMinutes(-10));

        Assert.Equal(before, record.Sla);
        Assert.Equal(Now.AddMinutes(-10), record.PausedAt);
    }

    static ResolveCase Resolution(bool withReport) => new()
    {
        Summary = "Fixed remotely",
        FaultReport = withReport ? new FaultReport("Firmware hang", "Memory leak", "Restarted, patched", "Running") : null,
        Actor = "eng-1",
    };
}
