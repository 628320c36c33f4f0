using ServiceGrid.Cases;
using ServiceGrid.Tests.Infrastructure;

namespace ServiceGrid.Tests.Field;

/// <summary>
/// Issue 16 "When it happened": a command's <c>occurredAt</c> meets the milestone at the time the engineer did it, within
/// its bounds; and a command's idempotency key makes the case apply it once. On the fake clock.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class OccurredAtTests(ClusterFixture fixture)
{
    readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task An_arrival_made_in_time_but_reported_after_the_deadline_meets_the_milestone_when_it_was_made()
    {
        var (grain, engineer) = await _grains.DispatchedCaseAsync(Severity.P1);
        var responded = await grain.Respond("On my way", engineer);
        await fixture.AdvanceAsync(TimeSpan.FromHours(3) + TimeSpan.FromMinutes(50));
        var arrivedAt = fixture.Clock.GetUtcNow();
        // The phone is in a basement: the 4 h on-site deadline passes before the arrival reaches the service.
        await fixture.AdvanceAsync(TimeSpan.FromMinutes(20));

        CaseView view;
        using (CaseCommandContext.Enter(null, arrivedAt)) view = await grain.Arrive(engineer);

        Assert.Equal((MilestoneStatus.Met, arrivedAt), (view.Sla.Onsite.Status, view.Sla.Onsite.MetAt));
        Assert.True(arrivedAt < responded.Sla.Onsite.DueAt);
        var arrived = Assert.Single(view.Timeline, e => e.Type == TimelineTypes.Arrived);
        Assert.Equal((fixture.Clock.GetUtcNow(), arrivedAt), (arrived.At, arrived.OccurredAt));
    }

    [Fact]
    public async Task A_command_without_occurredAt_is_done_when_it_arrives_and_records_one_time()
    {
        var (grain, engineer) = await _grains.DispatchedCaseAsync(Severity.P3);
        await fixture.AdvanceAsync(TimeSpan.FromMinutes(7));

        var view = await grain.Respond("Calling the customer", engineer);

        Assert.Equal(fixture.Clock.GetUtcNow(), view.Sla.Response.MetAt);
        Assert.Null(view.Timeline[^1].OccurredAt);
    }

    [Fact]
    public async Task OccurredAt_in_the_future_too_old_or_before_the_previous_step_is_refused_and_changes_nothing()
    {
        var (grain, engineer) = await _grains.DispatchedCaseAsync(Severity.P3);
        await fixture.AdvanceAsync(TimeSpan.FromMinutes(10));
        var dispatchedAt = (await grain.Get())!.Timeline[^1].At;
        var now = fixture.Clock.GetUtcNow();

        var future = await RefusedAt(now.AddMinutes(5), () => grain.Respond("n", engineer));
        var tooOld = await RefusedAt(now.AddHours(-25), () => grain.Respond("n", engineer));
        var beforePrevious = await RefusedAt(dispatchedAt.AddSeconds(-1), () => grain.Respond("n", engineer));

        Assert.Contains("in the future", future.Message);
        Assert.Contains("more than 1.00:00:00 before", tooOld.Message);
        Assert.Contains("before the case's previous step ('dispatched'", beforePrevious.Message);
        Assert.Equal(CaseState.Dispatched, (await grain.Get())!.State);
    }

    [Fact]
    public async Task A_phone_clock_slightly_ahead_counts_as_now()
    {
        var (grain, engineer) = await _grains.DispatchedCaseAsync(Severity.P3);

        CaseView view;
        using (CaseCommandContext.Enter(null, fixture.Clock.GetUtcNow().AddSeconds(20))) view = await grain.Respond("n", engineer);

        Assert.Equal(fixture.Clock.GetUtcNow(), view.Sla.Response.MetAt);
    }

    [Fact]
    public async Task A_pause_done_offline_counts_from_when_it_was_done()
    {
        var (grain, engineer) = await _grains.DispatchedCaseAsync(Severity.P3);
        var before = await grain.Respond("n", engineer);
        await fixture.AdvanceAsync(TimeSpan.FromMinutes(10));
        var pausedAt = fixture.Clock.GetUtcNow();
        await fixture.AdvanceAsync(TimeSpan.FromMinutes(30));
        using (CaseCommandContext.Enter(null, pausedAt)) await grain.Pause("Customer away", engineer);
        await fixture.AdvanceAsync(TimeSpan.FromMinutes(10));

        var resumed = await grain.Resume("Customer back", engineer);

        Assert.Equal(before.Sla.Onsite.DueAt!.Value.AddMinutes(40), resumed.Sla.Onsite.DueAt);
    }

    [Fact]
    public async Task A_command_whose_key_the_case_has_applied_is_answered_not_applied_again()
    {
        var (grain, engineer) = await _grains.DispatchedCaseAsync(Severity.P3);
        var key = $"k-{Guid.NewGuid():N}";

        CaseView first, second;
        using (CaseCommandContext.Enter(key, null)) first = await grain.Respond("Calling", engineer);
        await fixture.AdvanceAsync(TimeSpan.FromMinutes(1));
        // The web recorded nothing (it crashed): the retry reaches the case with the same key.
        using (CaseCommandContext.Enter(key, null)) second = await grain.Respond("Calling", engineer);

        Assert.Equal(first.Version, second.Version);
        Assert.Single(second.Timeline, e => e.Type == TimelineTypes.Responded);
        // Another key is another command: refused by the case's state as usual.
        using (CaseCommandContext.Enter($"k-{Guid.NewGuid():N}", null))
            await DomainAssert.Refused(FailureKind.Conflict, () => grain.Respond("Calling", engineer));
    }

    static async Task<DomainException> RefusedAt(DateTimeOffset occurredAt, Func<Task> call)
    {
        using (CaseCommandContext.Enter(null, occurredAt)) return await DomainAssert.Refused(FailureKind.BusinessRule, call);
    }
}
