using ServiceGrid.Cases;
using ServiceGrid.Grains.Sla;

namespace ServiceGrid.Tests.Sla;

public sealed class SlaClockTests
{
    static readonly DateTimeOffset Opened = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    const double AtRisk = 0.75;

    static SlaClocks StartDefault(Severity severity) => SlaClock.Start(new SlaPolicy().For(severity), AtRisk, Opened);

    [Theory]
    [InlineData(Severity.P1, 1, 4, 24)]
    [InlineData(Severity.P2, 1, 4, 24)]
    [InlineData(Severity.P3, 1, 24, 72)]
    [InlineData(Severity.P4, 2, null, 120)]
    [InlineData(Severity.P5, 2, null, null)]
    public void Start_sets_due_times_from_the_severity_targets(Severity severity, int responseHours, int? onsiteHours, int? resolutionHours)
    {
        var clocks = StartDefault(severity);

        AssertClock(clocks.Response, responseHours);
        AssertClock(clocks.Onsite, onsiteHours);
        AssertClock(clocks.Resolution, resolutionHours);

        static void AssertClock(MilestoneClock clock, int? hours)
        {
            if (hours is { } h)
            {
                Assert.Equal(MilestoneStatus.Pending, clock.Status);
                Assert.Equal(Opened.AddHours(h), clock.DueAt);
                Assert.Equal(Opened + TimeSpan.FromHours(h) * AtRisk, clock.AtRiskAt);
                Assert.Null(clock.MetAt);
            }
            else
            {
                Assert.Equal(MilestoneStatus.NotApplicable, clock.Status);
                Assert.Null(clock.DueAt);
            }
        }
    }

    [Fact]
    public void Null_targets_are_not_applicable_and_never_move()
    {
        var clocks = SlaClock.Start(new SlaTargets(null, null, null), AtRisk, Opened);

        var (after, transitions) = SlaClock.Advance(clocks, Opened.AddYears(1));

        Assert.Empty(transitions);
        Assert.All(SlaClocks.Milestones, m => Assert.Equal(MilestoneStatus.NotApplicable, after[m].Status));
        Assert.Null(SlaClock.NextDeadline(after));
    }

    [Fact]
    public void Nothing_moves_before_the_at_risk_time()
    {
        var (after, transitions) = SlaClock.Advance(StartDefault(Severity.P1), Opened.AddMinutes(44));

        Assert.Empty(transitions);
        Assert.Equal(MilestoneStatus.Pending, after.Response.Status);
    }

    [Fact]
    public void A_pending_milestone_is_at_risk_after_the_at_risk_fraction_of_its_target()
    {
        var (after, transitions) = SlaClock.Advance(StartDefault(Severity.P1), Opened.AddMinutes(45));

        Assert.Equal([new SlaTransition(Milestone.Response, MilestoneStatus.AtRisk)], transitions);
        Assert.Equal(MilestoneStatus.AtRisk, after.Response.Status);
        Assert.Equal(MilestoneStatus.Pending, after.Onsite.Status);
    }

    [Fact]
    public void A_running_milestone_is_breached_at_its_due_time_and_stays_breached()
    {
        var (atRisk, _) = SlaClock.Advance(StartDefault(Severity.P1), Opened.AddMinutes(50));
        var (breached, transitions) = SlaClock.Advance(atRisk, Opened.AddHours(1));
        var (again, repeated) = SlaClock.Advance(breached, Opened.AddHours(1).AddMinutes(5));

        Assert.Equal([new SlaTransition(Milestone.Response, MilestoneStatus.Breached)], transitions);
        Assert.Equal(MilestoneStatus.Breached, breached.Response.Status);
        Assert.Empty(repeated);
        Assert.Equal(breached, again);
    }

    [Fact]
    public void A_pending_milestone_past_its_due_time_goes_straight_to_breached()
    {
        var (after, transitions) = SlaClock.Advance(StartDefault(Severity.P3), Opened.AddHours(2));

        Assert.Equal([new SlaTransition(Milestone.Response, MilestoneStatus.Breached)], transitions);
        Assert.Equal(MilestoneStatus.Breached, after.Response.Status);
    }

    [Fact]
    public void Meeting_a_milestone_in_time_records_met_and_stops_its_clock()
    {
        var met = SlaClock.Meet(StartDefault(Severity.P1), Milestone.Response, Opened.AddMinutes(30));
        var (after, transitions) = SlaClock.Advance(met, Opened.AddHours(2));

        Assert.Equal(MilestoneStatus.Met, after.Response.Status);
        Assert.Equal(Opened.AddMinutes(30), after.Response.MetAt);
        Assert.DoesNotContain(transitions, t => t.Milestone == Milestone.Response);
    }

    [Fact]
    public void Meeting_an_at_risk_milestone_records_met()
    {
        var (atRisk, _) = SlaClock.Advance(StartDefault(Severity.P1), Opened.AddMinutes(50));

        var met = SlaClock.Meet(atRisk, Milestone.Response, Opened.AddMinutes(55));

        Assert.Equal(MilestoneStatus.Met, met.Response.Status);
    }

    [Fact]
    public void Meeting_a_breached_milestone_keeps_it_breached_and_records_when_it_was_reached()
    {
        var (breached, _) = SlaClock.Advance(StartDefault(Severity.P1), Opened.AddHours(2));

        var late = SlaClock.Meet(breached, Milestone.Response, Opened.AddHours(3));

        Assert.Equal(MilestoneStatus.Breached, late.Response.Status);
        Assert.Equal(Opened.AddHours(3), late.Response.MetAt);
    }

    [Fact]
    public void A_breach_recorded_before_the_report_of_a_milestone_reached_in_time_arrived_becomes_met()
    {
        var (breached, _) = SlaClock.Advance(StartDefault(Severity.P1), Opened.AddHours(2));

        var reachedInTime = SlaClock.Meet(breached, Milestone.Response, Opened.AddMinutes(55));

        Assert.Equal((MilestoneStatus.Met, Opened.AddMinutes(55)), (reachedInTime.Response.Status, reachedInTime.Response.MetAt));
    }

    [Fact]
    public void Waiving_a_pending_milestone_makes_it_not_applicable_but_a_breach_stays()
    {
        var clocks = StartDefault(Severity.P1);
        var (breached, _) = SlaClock.Advance(clocks, Opened.AddHours(5));

        Assert.Equal(MilestoneStatus.NotApplicable, SlaClock.Waive(clocks, Milestone.Onsite).Onsite.Status);
        Assert.Equal(MilestoneStatus.Breached, SlaClock.Waive(breached, Milestone.Onsite).Onsite.Status);
    }

    [Fact]
    public void Paused_clocks_do_not_move_and_have_no_next_deadline()
    {
        var paused = SlaClock.Pause(StartDefault(Severity.P5));
        var (after, transitions) = SlaClock.Advance(paused, Opened.AddDays(3));

        Assert.Equal(MilestoneStatus.Paused, after.Response.Status);
        Assert.Empty(transitions);
        Assert.Null(SlaClock.NextDeadline(after));
    }

    [Fact]
    public void Resume_shifts_due_and_at_risk_times_by_the_paused_span()
    {
        var clocks = StartDefault(Severity.P1);
        var pausedFor = TimeSpan.FromMinutes(40);

        var resumed = SlaClock.Resume(SlaClock.Pause(clocks), pausedFor);

        foreach (var milestone in SlaClocks.Milestones)
        {
            Assert.Equal(MilestoneStatus.Pending, resumed[milestone].Status);
            Assert.Equal(clocks[milestone].DueAt + pausedFor, resumed[milestone].DueAt);
            Assert.Equal(clocks[milestone].AtRiskAt + pausedFor, resumed[milestone].AtRiskAt);
        }
        // At the original due time the response is no longer late: it moved by the paused span.
        var (_, transitions) = SlaClock.Advance(resumed, Opened.AddHours(1));
        Assert.DoesNotContain(transitions, t => t.Status == MilestoneStatus.Breached);
    }

    [Fact]
    public void Resume_restores_an_at_risk_milestone_as_at_risk_and_leaves_met_ones_alone()
    {
        var met = SlaClock.Meet(StartDefault(Severity.P1), Milestone.Response, Opened.AddMinutes(10));
        var (atRisk, _) = SlaClock.Advance(met, Opened.AddHours(3.5));
        Assert.Equal(MilestoneStatus.AtRisk, atRisk.Onsite.Status);

        var resumed = SlaClock.Resume(SlaClock.Pause(atRisk), TimeSpan.FromHours(1));

        Assert.Equal(MilestoneStatus.AtRisk, resumed.Onsite.Status);
        Assert.Equal(Opened.AddHours(5), resumed.Onsite.DueAt);
        Assert.Equal(atRisk.Response, resumed.Response);
    }

    [Fact]
    public void Next_deadline_is_the_earliest_at_risk_or_due_time_of_a_running_milestone()
    {
        var clocks = StartDefault(Severity.P1);
        Assert.Equal(Opened.AddMinutes(45), SlaClock.NextDeadline(clocks));

        var (atRisk, _) = SlaClock.Advance(clocks, Opened.AddMinutes(46));
        Assert.Equal(Opened.AddHours(1), SlaClock.NextDeadline(atRisk));

        var met = SlaClock.Meet(atRisk, Milestone.Response, Opened.AddMinutes(50));
        Assert.Equal(Opened.AddHours(3), SlaClock.NextDeadline(met));

        var all = SlaClocks.Milestones.Aggregate(met, (c, m) => SlaClock.Meet(c, m, Opened.AddHours(2)));
        Assert.Null(SlaClock.NextDeadline(all));
    }
}
