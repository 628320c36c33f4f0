using ServiceGrid.Cases;
using ServiceGrid.Events;
using ServiceGrid.Organization;
using ServiceGrid.Tests.Infrastructure;
using static ServiceGrid.Tests.Infrastructure.TestOrganization;

namespace ServiceGrid.Tests.Cases;

[Collection(ClusterCollection.Name)]
public sealed class LifecycleTests(ClusterFixture fixture)
{
    readonly IGrainFactory _grains = fixture.Grains;
    static readonly FaultReport Report = new("Controller board shorted", "Water ingress", "Replaced board, sealed cabinet", "Line running");

    [Fact]
    public async Task A_P1_case_goes_from_open_to_surveyed_through_every_state()
    {
        var opened = await _grains.OpenCaseAsync(Severity.P1, North);
        var grain = _grains.GetGrain<ICaseGrain>(opened.Id);
        Assert.Equal((CaseState.Open, Tiers.Branch, North), (opened.State, opened.Tier, opened.Region));
        Assert.Null(opened.BranchId);

        var claimed = await grain.Claim(Tianjin, "branch-tianjin");
        Assert.Equal((CaseState.Claimed, Tianjin, Tiers.Branch), (claimed.State, claimed.BranchId, claimed.Tier));

        var engineerId = await _grains.NewEngineerAsync(Tianjin);
        var dispatched = await grain.Dispatch(engineerId, "branch-tianjin");
        Assert.Equal((CaseState.Dispatched, engineerId, Tiers.MaintenanceGroup), (dispatched.State, dispatched.EngineerId, dispatched.Tier));
        var engineer = _grains.GetGrain<IEngineerGrain>(engineerId);
        Assert.Equal((EngineerStatus.Busy, opened.Id), ((await engineer.Get())!.Status, (await engineer.Get())!.CurrentCaseId));

        await fixture.AdvanceAsync(TimeSpan.FromMinutes(20));
        var responded = await grain.Respond("Called the plant; leaving now", engineerId);
        Assert.Equal(CaseState.Responded, responded.State);
        Assert.Equal(MilestoneStatus.Met, responded.Sla.Response.Status);
        Assert.Equal(fixture.Clock.GetUtcNow(), responded.Sla.Response.MetAt);

        await fixture.AdvanceAsync(TimeSpan.FromHours(2));
        var onSite = await grain.Arrive(engineerId);
        Assert.Equal(CaseState.OnSite, onSite.State);
        Assert.Equal(MilestoneStatus.Met, onSite.Sla.Onsite.Status);

        var refusal = await DomainAssert.Refused(FailureKind.BusinessRule,
            () => grain.Resolve(new ResolveCase { Summary = "Fixed", Actor = engineerId }));
        Assert.Contains("fault report", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(onSite.Version, (await grain.Get())!.Version);

        var resolved = await grain.Resolve(new ResolveCase { Summary = "Fixed", FaultReport = Report, Actor = engineerId });
        Assert.Equal(CaseState.Resolved, resolved.State);
        Assert.Equal(MilestoneStatus.Met, resolved.Sla.Resolution.Status);
        Assert.Equal(Report, resolved.Resolution!.FaultReport);
        Assert.Equal(EngineerStatus.Available, (await engineer.Get())!.Status);

        await DomainAssert.Refused(FailureKind.BusinessRule, () => grain.Survey(5, "Great", "cust"));
        var closed = await grain.Close("csc");
        Assert.Equal(CaseState.Closed, closed.State);

        var surveyed = await grain.Survey(4, "Quick and clean", "cust");
        Assert.Equal(4, surveyed.Survey!.Score);
        await DomainAssert.Refused(FailureKind.Conflict, () => grain.Survey(1, "Changed my mind", "cust"));
        Assert.Equal(4, (await grain.Get())!.Survey!.Score);

        Assert.Equal(
            [TimelineTypes.Opened, TimelineTypes.Claimed, TimelineTypes.Dispatched, TimelineTypes.Responded, TimelineTypes.Arrived,
             TimelineTypes.Resolved, TimelineTypes.Closed, TimelineTypes.Surveyed],
            surveyed.Timeline.Select(e => e.Type));
        Assert.Equal(Enumerable.Range(1, surveyed.Timeline.Length), surveyed.Timeline.Select(e => e.Version));
    }

    [Theory]
    [InlineData(Severity.P1)]
    [InlineData(Severity.P2)]
    public async Task P1_and_P2_cases_need_a_fault_report_to_be_resolved(Severity severity)
    {
        var (grain, engineerId) = await _grains.DispatchedCaseAsync(severity);
        await grain.Respond("Remote session", engineerId);

        await DomainAssert.Refused(FailureKind.BusinessRule, () => grain.Resolve(new ResolveCase { Summary = "Fixed", Actor = engineerId }));

        Assert.Equal(CaseState.Responded, (await grain.Get())!.State);
    }

    [Fact]
    public async Task A_P3_case_is_resolved_without_a_fault_report()
    {
        var (grain, engineerId) = await _grains.DispatchedCaseAsync(Severity.P3);
        await grain.Respond("Remote session", engineerId);

        var resolved = await grain.Resolve(new ResolveCase { Summary = "Reset the controller", Actor = engineerId });

        Assert.Equal(CaseState.Resolved, resolved.State);
    }

    [Fact]
    public async Task A_remote_fix_from_responded_makes_a_pending_onsite_milestone_not_applicable()
    {
        var (grain, engineerId) = await _grains.DispatchedCaseAsync(Severity.P2);
        await grain.Respond("Remote diagnosis", engineerId);

        var resolved = await grain.Resolve(new ResolveCase { Summary = "Fixed remotely", FaultReport = Report, Actor = engineerId });

        Assert.Equal(MilestoneStatus.NotApplicable, resolved.Sla.Onsite.Status);
        Assert.Equal(MilestoneStatus.Met, resolved.Sla.Resolution.Status);
        Assert.Equal(MilestoneStatus.Met, resolved.Sla.Response.Status);
    }

    [Fact]
    public async Task A_remote_fix_from_responded_leaves_a_breached_onsite_milestone_breached()
    {
        var (grain, engineerId) = await _grains.DispatchedCaseAsync(Severity.P1);
        await grain.Respond("Remote diagnosis", engineerId);
        await fixture.AdvanceAsync(TimeSpan.FromHours(4) + TimeSpan.FromMinutes(1));
        await grain.CheckDeadlines();
        Assert.Equal(MilestoneStatus.Breached, (await grain.Get())!.Sla.Onsite.Status);

        var resolved = await grain.Resolve(new ResolveCase { Summary = "Fixed remotely", FaultReport = Report, Actor = engineerId });

        Assert.Equal(MilestoneStatus.Breached, resolved.Sla.Onsite.Status);
        Assert.Equal(MilestoneStatus.Met, resolved.Sla.Resolution.Status);
    }

    [Fact]
    public async Task Escalation_goes_one_tier_up_at_a_time_and_never_above_HQ()
    {
        var (grain, _) = await _grains.DispatchedCaseAsync(Severity.P3);

        var toBranch = await grain.Escalate("Needs the branch's specialist", "eng");
        Assert.Equal(Tiers.Branch, toBranch.Tier);
        var toHq = await grain.Escalate("Needs HQ experts", "branch-beijing");
        Assert.Equal(Tiers.Headquarters, toHq.Tier);
        await DomainAssert.Refused(FailureKind.Conflict, () => grain.Escalate("Higher!", "branch-beijing"));

        var view = (await grain.Get())!;
        Assert.Equal(Tiers.Headquarters, view.Tier);
        Assert.Equal([Tiers.Branch, Tiers.Headquarters], view.Timeline.Where(e => e.Type == TimelineTypes.Escalated).Select(e => e.Tier!.Value));
        Assert.Equal(CaseState.Dispatched, view.State);

        var region = _grains.GetGrain<IRegionGrain>(North);
        var inbox = await Eventually.Until(region.GetEscalations, e => e.Any(c => c.Id == view.Id));
        Assert.Contains(inbox, c => c.Id == view.Id);
    }

    [Fact]
    public async Task A_new_case_escalated_by_hand_goes_from_the_branch_pool_to_HQ()
    {
        var opened = await _grains.OpenCaseAsync(Severity.P4, North);

        var escalated = await _grains.GetGrain<ICaseGrain>(opened.Id).Escalate("Customer asked for HQ", "csc");

        Assert.Equal(Tiers.Headquarters, escalated.Tier);
        Assert.Equal(CaseState.Open, escalated.State);
    }

    [Fact]
    public async Task HQ_reassigns_a_dispatched_case_to_another_branch_and_engineer_releasing_the_first_engineer()
    {
        var (grain, first) = await _grains.DispatchedCaseAsync(Severity.P3, Beijing);
        var second = await _grains.NewEngineerAsync(Tianjin);

        var moved = await grain.Reassign(new ReassignCase(Tianjin, second, "hq"));

        Assert.Equal((Tianjin, second, CaseState.Dispatched, North), (moved.BranchId, moved.EngineerId, moved.State, moved.Region));
        Assert.Equal(EngineerStatus.Available, (await _grains.GetGrain<IEngineerGrain>(first).Get())!.Status);
        Assert.Equal(moved.Id, (await _grains.GetGrain<IEngineerGrain>(second).Get())!.CurrentCaseId);
        Assert.Equal(TimelineTypes.Reassigned, moved.Timeline[^1].Type);

        await DomainAssert.Refused(FailureKind.Conflict, () => grain.Reassign(new ReassignCase(Tianjin, second, "hq")));
        var beijingEngineer = await _grains.NewEngineerAsync(Beijing);
        await DomainAssert.Refused(FailureKind.BusinessRule, () => grain.Reassign(new ReassignCase(Tianjin, beijingEngineer, "hq")));
        Assert.Equal(moved.Version, (await grain.Get())!.Version);
    }

    [Fact]
    public async Task HQ_reassigns_a_case_to_a_branch_of_another_region_and_both_read_models_follow()
    {
        var opened = await _grains.OpenCaseAsync(Severity.P3, North);
        var grain = _grains.GetGrain<ICaseGrain>(opened.Id);
        await grain.Claim(Beijing, "branch-beijing");

        var moved = await grain.Reassign(new ReassignCase(Shanghai, null, "hq"));

        Assert.Equal((East, Shanghai, CaseState.Claimed), (moved.Region, moved.BranchId, moved.State));
        Assert.Equal(North, moved.Timeline[^1].FromRegion);
        var east = await Eventually.Until(() => _grains.GetGrain<IRegionGrain>(East).GetQueue(Shanghai), q => q.Any(c => c.Id == opened.Id));
        Assert.Contains(east, c => c.Id == opened.Id);
        var north = await Eventually.Until(() => _grains.GetGrain<IRegionGrain>(North).GetActive(), a => a.All(c => c.Id != opened.Id));
        Assert.DoesNotContain(north, c => c.Id == opened.Id);
    }

    [Fact]
    public async Task Dispatching_an_engineer_of_another_branch_is_forbidden()
    {
        var opened = await _grains.OpenCaseAsync(Severity.P3, North);
        var grain = _grains.GetGrain<ICaseGrain>(opened.Id);
        await grain.Claim(Beijing, "branch-beijing");
        var tianjinEngineer = await _grains.NewEngineerAsync(Tianjin);

        await DomainAssert.Refused(FailureKind.Forbidden, () => grain.Dispatch(tianjinEngineer, "branch-beijing"));

        Assert.Null((await _grains.GetGrain<IEngineerGrain>(tianjinEngineer).Get())!.CurrentCaseId);
    }

    [Fact]
    public async Task A_busy_engineer_cannot_be_dispatched_to_a_second_case()
    {
        var (_, engineerId) = await _grains.DispatchedCaseAsync(Severity.P3);
        var other = await _grains.OpenCaseAsync(Severity.P3, North);
        var grain = _grains.GetGrain<ICaseGrain>(other.Id);
        var claimed = await grain.Claim(Beijing, "branch-beijing");

        await DomainAssert.Refused(FailureKind.Conflict, () => grain.Dispatch(engineerId, "branch-beijing"));

        Assert.Equal(claimed.Version, (await grain.Get())!.Version);
    }

    [Fact]
    public async Task Cancelling_releases_the_engineer_stops_every_clock_and_refuses_further_work_naming_the_state()
    {
        var (grain, engineerId) = await _grains.DispatchedCaseAsync(Severity.P2);

        var cancelled = await grain.Cancel("Duplicate request", "csc");

        Assert.Equal(CaseState.Cancelled, cancelled.State);
        Assert.All([cancelled.Sla.Response, cancelled.Sla.Onsite, cancelled.Sla.Resolution],
            m => Assert.Equal(MilestoneStatus.NotApplicable, m.Status));
        Assert.Equal(EngineerStatus.Available, (await _grains.GetGrain<IEngineerGrain>(engineerId).Get())!.Status);
        var refusal = await DomainAssert.Refused(FailureKind.Conflict, () => grain.Respond("late", engineerId));
        Assert.Contains("'cancelled'", refusal.Message, StringComparison.Ordinal);

        await fixture.AdvanceAsync(TimeSpan.FromHours(30));
        await grain.CheckDeadlines();
        Assert.Equal(cancelled.Version, (await grain.Get())!.Version);
    }

    [Fact]
    public async Task Opening_the_same_case_id_twice_answers_the_first_case()
    {
        var id = NewCaseId();
        var grain = _grains.GetGrain<ICaseGrain>(id);
        var first = await grain.Open(Request(Severity.P3, North, title: "First"));

        var again = await grain.Open(Request(Severity.P1, East, title: "Second"));

        Assert.Equal(first, again with { Timeline = first.Timeline });
        Assert.Equal("First", again.Title);
    }

    [Fact]
    public async Task A_major_case_alerts_the_vice_president_when_opened()
    {
        var opened = await _grains.OpenCaseAsync(Severity.P1, North);
        var log = _grains.GetGrain<IAlertLogGrain>(GridStreams.AllKey);

        var alerts = await Eventually.Until(() => log.Since(null, 10_000), a => a.Any(x => x.CaseId == opened.Id));

        var alert = Assert.Single(alerts, a => a.CaseId == opened.Id);
        Assert.Equal((AlertType.MajorCaseOpened, RecipientRole.VicePresident), (alert.Type, alert.RecipientRole));
    }
}
