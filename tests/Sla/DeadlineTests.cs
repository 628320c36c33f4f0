using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using ServiceGrid.Cases;
using ServiceGrid.Events;
using ServiceGrid.Tests.Infrastructure;
using static ServiceGrid.Tests.Infrastructure.TestOrganization;

namespace ServiceGrid.Tests.Sla;

/// <summary>SLA deadlines driven by the fake clock: no test waits for real hours, and grain timers fire on fake time.</summary>
[Collection(ClusterCollection.Name)]
public sealed class DeadlineTests(ClusterFixture fixture)
{
    readonly IGrainFactory _grains = fixture.Grains;
    static readonly FaultReport Report = new("PSU failed", "Capacitor aged", "Replaced PSU", "Line running");

    [Fact]
    public async Task A_breach_seen_by_timer_reminder_and_concurrent_checks_is_recorded_escalated_and_alerted_exactly_once()
    {
        var opened = await _grains.OpenCaseAsync(Severity.P3, East);
        var grain = _grains.GetGrain<ICaseGrain>(opened.Id);
        Assert.Equal(Tiers.Branch, opened.Tier);

        await fixture.AdvanceAsync(TimeSpan.FromMinutes(61));
        var now = fixture.Clock.GetUtcNow().UtcDateTime;
        var remindable = grain.AsReference<IRemindable>();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => i % 2 == 0
            ? grain.CheckDeadlines()
            : remindable.ReceiveReminder("sla-deadline", new TickStatus(now.AddMinutes(-1), TimeSpan.FromMinutes(1), now))));
        await grain.CheckDeadlines();

        var view = (await grain.Get())!;
        Assert.Equal(MilestoneStatus.Breached, view.Sla.Response.Status);
        Assert.Equal(Tiers.Headquarters, view.Tier);
        Assert.Single(view.Timeline, e => e.Type == TimelineTypes.SlaBreached);
        Assert.Single(view.Timeline, e => e.Type == TimelineTypes.Escalated);
        Assert.Equal(MilestoneStatus.Pending, view.Sla.Onsite.Status);

        var alerts = await AlertsAfterSentinelAsync();
        Assert.Single(alerts, a => a.CaseId == opened.Id && a.Type == AlertType.SlaBreached);
        Assert.Single(alerts, a => a.CaseId == opened.Id && a.Type == AlertType.Escalated);
    }

    [Fact]
    public async Task One_hour_rule_a_P2_case_is_at_risk_after_45_minutes_and_breached_after_an_hour_with_no_request()
    {
        var opened = await _grains.OpenCaseAsync(Severity.P2, East);
        var grain = _grains.GetGrain<ICaseGrain>(opened.Id);
        Assert.Equal(opened.OpenedAt.AddHours(1), opened.Sla.Response.DueAt);

        await fixture.AdvanceAsync(TimeSpan.FromMinutes(44));
        Assert.Equal(MilestoneStatus.Pending, (await grain.Get())!.Sla.Response.Status);

        await fixture.AdvanceAsync(TimeSpan.FromMinutes(2));
        var atRisk = await Eventually.Until(grain.Get, v => v!.Sla.Response.Status != MilestoneStatus.Pending);
        Assert.Equal(MilestoneStatus.AtRisk, atRisk!.Sla.Response.Status);
        Assert.Equal(Tiers.Branch, atRisk.Tier);

        await fixture.AdvanceAsync(TimeSpan.FromMinutes(15));
        var breached = await Eventually.Until(grain.Get, v => v!.Sla.Response.Status == MilestoneStatus.Breached);
        Assert.Equal(MilestoneStatus.Breached, breached!.Sla.Response.Status);
        Assert.Equal(Tiers.Headquarters, breached.Tier);

        var atRiskEntry = Assert.Single(breached.Timeline, e => e.Type == TimelineTypes.SlaAtRisk);
        var breachEntry = Assert.Single(breached.Timeline, e => e.Type == TimelineTypes.SlaBreached);
        Assert.Equal(Milestone.Response, atRiskEntry.Milestone);
        Assert.Equal(Milestone.Response, breachEntry.Milestone);
        Assert.True(atRiskEntry.Version < breachEntry.Version);
        Assert.Equal("sla", breachEntry.Actor);

        var alerts = await AlertsAfterSentinelAsync();
        var mine = alerts.Where(a => a.CaseId == opened.Id).Select(a => a.Type).ToList();
        Assert.Equal([AlertType.SlaAtRisk, AlertType.SlaBreached, AlertType.Escalated], mine);
    }

    [Fact]
    public async Task A_response_in_time_is_met_and_no_later_time_breaches_it()
    {
        var (grain, _) = await _grains.DispatchedCaseAsync(Severity.P2);
        await fixture.AdvanceAsync(TimeSpan.FromMinutes(30));
        await grain.Respond("On the phone with the plant", "eng");

        await fixture.AdvanceAsync(TimeSpan.FromMinutes(90));
        await grain.CheckDeadlines();

        var view = (await grain.Get())!;
        Assert.Equal(MilestoneStatus.Met, view.Sla.Response.Status);
        Assert.DoesNotContain(view.Timeline, e => e.Type == TimelineTypes.SlaBreached && e.Milestone == Milestone.Response);
    }

    [Fact]
    public async Task A_P1_engineer_not_on_site_within_4_hours_breaches_onsite_and_escalates_one_tier()
    {
        var (grain, _) = await _grains.DispatchedCaseAsync(Severity.P1);
        await fixture.AdvanceAsync(TimeSpan.FromMinutes(10));
        var responded = await grain.Respond("Engineer on the way", "eng");
        Assert.Equal(Tiers.MaintenanceGroup, responded.Tier);

        await fixture.AdvanceAsync(TimeSpan.FromHours(4));
        var view = await Eventually.Until(grain.Get, v => v!.Sla.Onsite.Status == MilestoneStatus.Breached);

        Assert.Equal(MilestoneStatus.Breached, view!.Sla.Onsite.Status);
        Assert.Equal(MilestoneStatus.Met, view.Sla.Response.Status);
        Assert.Equal(Tiers.Branch, view.Tier);
        Assert.Single(view.Timeline, e => e.Type == TimelineTypes.Escalated);
    }

    [Fact]
    public async Task Twenty_four_hour_rule_a_P1_case_unsolved_after_a_day_breaches_resolution_and_a_late_fix_stays_breached()
    {
        var (grain, _) = await _grains.DispatchedCaseAsync(Severity.P1);
        await fixture.AdvanceAsync(TimeSpan.FromMinutes(10));
        await grain.Respond("Engineer on the way", "eng");
        await fixture.AdvanceAsync(TimeSpan.FromHours(2));
        await grain.Arrive("eng");

        await fixture.AdvanceAsync(TimeSpan.FromHours(22));
        var view = await Eventually.Until(grain.Get, v => v!.Sla.Resolution.Status == MilestoneStatus.Breached);
        Assert.Equal(MilestoneStatus.Breached, view!.Sla.Resolution.Status);
        Assert.Equal(Tiers.Branch, view.Tier);

        var resolved = await grain.Resolve(new ResolveCase { Summary = "Fixed", FaultReport = Report, Actor = "eng" });
        Assert.Equal(MilestoneStatus.Breached, resolved.Sla.Resolution.Status);
        Assert.NotNull(resolved.Sla.Resolution.MetAt);
        Assert.Equal(MilestoneStatus.Met, resolved.Sla.Response.Status);
        Assert.Equal(MilestoneStatus.Met, resolved.Sla.Onsite.Status);
    }

    [Fact]
    public async Task A_paused_case_does_not_breach_and_resuming_moves_its_due_times_by_the_paused_span()
    {
        var opened = await _grains.OpenCaseAsync(Severity.P3, East);
        var grain = _grains.GetGrain<ICaseGrain>(opened.Id);
        await fixture.AdvanceAsync(TimeSpan.FromMinutes(10));
        var paused = await grain.Pause("Waiting for the customer to open the site", "csc");
        Assert.Equal(MilestoneStatus.Paused, paused.Sla.Response.Status);

        await fixture.AdvanceAsync(TimeSpan.FromHours(2));
        await grain.CheckDeadlines();
        Assert.Equal(MilestoneStatus.Paused, (await grain.Get())!.Sla.Response.Status);

        var resumed = await grain.Resume("Site open", "csc");
        Assert.Equal(MilestoneStatus.Pending, resumed.Sla.Response.Status);
        Assert.Equal(opened.Sla.Response.DueAt!.Value.AddHours(2), resumed.Sla.Response.DueAt);
        Assert.Equal(opened.Sla.Resolution.DueAt!.Value.AddHours(2), resumed.Sla.Resolution.DueAt);
        Assert.Equal(Tiers.Branch, resumed.Tier);

        await fixture.AdvanceAsync(TimeSpan.FromMinutes(51));
        var breached = await Eventually.Until(grain.Get, v => v!.Sla.Response.Status == MilestoneStatus.Breached);
        Assert.Equal(MilestoneStatus.Breached, breached!.Sla.Response.Status);
    }

    [Fact]
    public async Task The_breach_still_fires_when_a_queued_request_applied_the_previous_transition_first()
    {
        // Writes queued on the case when the at-risk time passes may record the transition before the timer's tick
        // does (the tick then finds nothing to do). Either way the breach that follows must stay scheduled.
        var grains = new List<ICaseGrain>();
        for (var i = 0; i < 5; i++)
        {
            var grain = _grains.GetGrain<ICaseGrain>((await _grains.OpenCaseAsync(Severity.P3, East)).Id);
            await grain.Claim(Shanghai, "branch-shanghai");
            grains.Add(grain);
        }

        // Keep every case busy with a queue of writes (HQ moving it back and forth), then let the at-risk time pass.
        var queued = grains.SelectMany(g => Enumerable.Range(0, 30).Select(async i =>
        {
            try { await g.Reassign(new ReassignCase(i % 2 == 0 ? Hangzhou : Shanghai, null, "hq")); }
            catch (DomainException) { }
        })).ToList();
        await Task.WhenAny(queued);
        await fixture.AdvanceAsync(TimeSpan.FromMinutes(46));
        await Task.WhenAll(queued);
        foreach (var grain in grains) await grain.CheckDeadlines();
        Assert.All(await Task.WhenAll(grains.Select(g => g.Get())), v => Assert.Equal(MilestoneStatus.AtRisk, v!.Sla.Response.Status));

        await fixture.AdvanceAsync(TimeSpan.FromMinutes(15));

        foreach (var grain in grains)
        {
            var view = await Eventually.Until(grain.Get, v => v!.Sla.Response.Status == MilestoneStatus.Breached, TimeSpan.FromSeconds(5));
            Assert.Equal(MilestoneStatus.Breached, view!.Sla.Response.Status);
        }
    }

    [Fact]
    public async Task The_SLA_reminder_is_due_at_the_next_deadline_moves_on_with_it_and_goes_when_no_deadline_is_left()
    {
        var opened = await _grains.OpenCaseAsync(Severity.P3, East);
        var grain = _grains.GetGrain<ICaseGrain>(opened.Id);
        var reminders = fixture.SiloServices.GetRequiredService<IReminderTable>();
        async Task<DateTime?> FirstTick() => (await reminders.ReadRow(grain.GetGrainId(), "sla-deadline"))?.StartAt;

        // Not a tick a minute: the first is when the response target (1 h) turns at risk, three quarters in.
        Assert.Equal(opened.OpenedAt.AddMinutes(45).UtcDateTime, await FirstTick());

        await fixture.AdvanceAsync(TimeSpan.FromMinutes(46));
        await Eventually.Until(grain.Get, v => v!.Sla.Response.Status == MilestoneStatus.AtRisk);
        Assert.Equal(opened.Sla.Response.DueAt!.Value.UtcDateTime, await FirstTick());

        await grain.Cancel("The customer withdrew the request", "hq");
        Assert.Null(await FirstTick());
    }

    /// <summary>The alert log after a new alert raised now has arrived: the alert stream is one ordered stream, so every
    /// alert raised before the sentinel is in the log by then, and "exactly one" can be asserted without sleeping.</summary>
    async Task<ImmutableArray<Alert>> AlertsAfterSentinelAsync()
    {
        var sentinel = await _grains.OpenCaseAsync(Severity.P1, East);
        var log = _grains.GetGrain<IAlertLogGrain>(GridStreams.AllKey);
        var alerts = await Eventually.Until(() => log.Since(null, 10_000), a => a.Any(x => x.CaseId == sentinel.Id));
        Assert.Contains(alerts, a => a.CaseId == sentinel.Id && a.Type == AlertType.MajorCaseOpened);
        return alerts;
    }
}
