using ServiceGrid.Cases;
using ServiceGrid.Tests.Infrastructure;
using static ServiceGrid.Tests.Infrastructure.TestOrganization;

namespace ServiceGrid.Tests.Cases;

/// <summary>Pause, resume and cancel on the fake clock: the arithmetic of paused spans and the reasons on the timeline.</summary>
[Collection(ClusterCollection.Name)]
public sealed class HoldTests(ClusterFixture fixture)
{
    readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task Two_pauses_move_every_running_due_time_by_their_total_span_and_the_timeline_says_why()
    {
        var opened = await _grains.OpenCaseAsync(Severity.P3, North);
        var grain = _grains.GetGrain<ICaseGrain>(opened.Id);

        await fixture.AdvanceAsync(TimeSpan.FromMinutes(10));
        await grain.Pause("Customer's site closed for the holiday", "csc");
        await fixture.AdvanceAsync(TimeSpan.FromMinutes(30));
        var resumed = await grain.Resume("Site open again", "csc");
        Assert.Equal(opened.Sla.Response.DueAt!.Value.AddMinutes(30), resumed.Sla.Response.DueAt);
        await fixture.AdvanceAsync(TimeSpan.FromMinutes(5));
        var paused = await grain.Pause("Waiting for the customer to approve the quote", "csc");
        Assert.Equal(fixture.Clock.GetUtcNow(), paused.PausedAt);
        await fixture.AdvanceAsync(TimeSpan.FromMinutes(20));
        var view = await grain.Resume("Quote approved", "csc");

        Assert.Null(view.PausedAt);
        Assert.Equal(opened.Sla.Response.DueAt!.Value.AddMinutes(50), view.Sla.Response.DueAt);
        Assert.Equal(opened.Sla.Onsite.DueAt!.Value.AddMinutes(50), view.Sla.Onsite.DueAt);
        Assert.Equal(opened.Sla.Resolution.DueAt!.Value.AddMinutes(50), view.Sla.Resolution.DueAt);
        Assert.Equal(MilestoneStatus.Pending, view.Sla.Response.Status);
        Assert.Equal(
            [
                (TimelineTypes.Paused, "Customer's site closed for the holiday"), (TimelineTypes.Resumed, "Site open again"),
                (TimelineTypes.Paused, "Waiting for the customer to approve the quote"), (TimelineTypes.Resumed, "Quote approved"),
            ],
            view.Timeline.Where(e => e.Type is TimelineTypes.Paused or TimelineTypes.Resumed).Select(e => (e.Type, e.Note!)));
        Assert.All(view.Timeline.Where(e => e.Type is TimelineTypes.Paused or TimelineTypes.Resumed), e => Assert.Equal("csc", e.Actor));
    }

    [Fact]
    public async Task A_met_milestone_stays_met_through_a_pause_and_only_the_running_ones_move()
    {
        var (grain, engineer) = await _grains.DispatchedCaseAsync(Severity.P3);
        var responded = await grain.Respond("On the phone", engineer);

        await grain.Pause("Customer asked to come next week", "csc");
        await fixture.AdvanceAsync(TimeSpan.FromHours(3));
        var view = await grain.Resume("Customer ready", "csc");

        Assert.Equal((MilestoneStatus.Met, responded.Sla.Response.DueAt), (view.Sla.Response.Status, view.Sla.Response.DueAt));
        Assert.Equal(responded.Sla.Onsite.DueAt!.Value.AddHours(3), view.Sla.Onsite.DueAt);
    }

    [Fact]
    public async Task Pausing_a_paused_case_or_resuming_a_running_one_is_a_conflict()
    {
        var opened = await _grains.OpenCaseAsync(Severity.P4, North);
        var grain = _grains.GetGrain<ICaseGrain>(opened.Id);

        await DomainAssert.Refused(FailureKind.Conflict, () => grain.Resume("Not paused", "csc"));
        await grain.Pause("Waiting", "csc");
        await DomainAssert.Refused(FailureKind.Conflict, () => grain.Pause("Again", "csc"));
    }

    [Fact]
    public async Task A_cancelled_case_records_why_and_its_clocks_no_longer_apply()
    {
        var opened = await _grains.OpenCaseAsync(Severity.P2, North);
        var grain = _grains.GetGrain<ICaseGrain>(opened.Id);

        var cancelled = await grain.Cancel("Customer solved it by restarting the unit", "csc");

        var entry = cancelled.Timeline[^1];
        Assert.Equal((TimelineTypes.Cancelled, "csc", "Customer solved it by restarting the unit"), (entry.Type, entry.Actor, entry.Note));
        Assert.All([cancelled.Sla.Response, cancelled.Sla.Onsite, cancelled.Sla.Resolution], m => Assert.Equal(MilestoneStatus.NotApplicable, m.Status));
        await fixture.AdvanceAsync(TimeSpan.FromHours(30));
        await grain.CheckDeadlines();
        Assert.DoesNotContain((await grain.Get())!.Timeline, e => e.Type == TimelineTypes.SlaBreached);
    }
}
