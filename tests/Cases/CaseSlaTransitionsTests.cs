using ServiceGrid.Cases;
using ServiceGrid.Grains.Cases;
using ServiceGrid.Grains.Sla;
using static ServiceGrid.Tests.Cases.CaseRecords;

namespace ServiceGrid.Tests.Cases;

/// <summary>What the passing of SLA deadlines writes on a case, without a silo; DeadlineTests drives it through the grain's timer and reminder.</summary>
public sealed class CaseSlaTransitionsTests
{
    [Fact]
    public void Nothing_due_yet_leaves_the_record_as_it_was()
    {
        var record = InState(CaseState.Dispatched, "tianjin", "eng-1");
        var before = record.Sla;

        Assert.Equal(0, CaseSlaTransitions.RecordDue(record, Opened.AddMinutes(44), Opened.AddMinutes(44)));

        Assert.Equal((before, 1), (record.Sla, record.Version));
        Assert.Empty(record.Timeline);
    }

    [Fact]
    public void A_breach_is_recorded_and_escalates_the_case_one_tier_for_each_milestone_breached()
    {
        var record = InState(CaseState.Dispatched, "tianjin", "eng-1");
        record.Tier = Tiers.MaintenanceGroup;
        var now = Opened.AddHours(5);

        // P1: response due in 1 h and on site in 4 h; a milestone found past its due time is breached at once.
        var count = CaseSlaTransitions.RecordDue(record, now, now);

        Assert.Equal(2, count);
        Assert.Equal(Tiers.Headquarters, record.Tier);
        Assert.Equal([TimelineTypes.SlaBreached, TimelineTypes.Escalated, TimelineTypes.SlaBreached, TimelineTypes.Escalated], record.Appended());
        Assert.Equal([Milestone.Response, null, Milestone.Onsite, null], record.Timeline.Select(e => e.Milestone));
        Assert.Equal([Tiers.Branch, Tiers.Headquarters], record.Timeline.Where(e => e.Type == TimelineTypes.Escalated).Select(e => e.Tier!.Value));
        Assert.All(record.Timeline, entry => Assert.Equal((CaseSlaTransitions.Actor, now), (entry.Actor, entry.At)));
        Assert.Equal("response SLA breached", record.Timeline.First(e => e.Type == TimelineTypes.Escalated).Note);
        Assert.Equal(MilestoneStatus.Breached, record.Sla.Onsite.Status);
    }

    [Fact]
    public void HQ_keeps_a_breached_case_without_a_further_escalation_and_a_repeat_records_nothing()
    {
        var record = InState(CaseState.Dispatched, "tianjin", "eng-1");
        record.Tier = Tiers.Headquarters;
        var now = Opened.AddHours(2);

        CaseSlaTransitions.RecordDue(record, now, now);
        var version = record.Version;

        Assert.DoesNotContain(TimelineTypes.Escalated, record.Appended());
        Assert.Equal(0, CaseSlaTransitions.RecordDue(record, now, now));
        Assert.Equal(version, record.Version);
    }

    [Fact]
    public void Deadlines_are_judged_up_to_when_the_command_was_done_and_recorded_at_now()
    {
        var record = InState(CaseState.Responded, "tianjin", "eng-1");
        record.Sla = SlaClock.Meet(record.Sla, Milestone.Response, Opened.AddMinutes(30));
        var arrivedAt = Opened.AddHours(3).AddMinutes(59);
        var now = Opened.AddHours(4).AddMinutes(10);

        // On site is due at 4 h: at risk when the engineer arrived, breached only by the time the report came in.
        Assert.Equal(1, CaseSlaTransitions.RecordDue(record, arrivedAt, now));

        Assert.Equal(MilestoneStatus.AtRisk, record.Sla.Onsite.Status);
        var entry = Assert.Single(record.Timeline);
        Assert.Equal((TimelineTypes.SlaAtRisk, Milestone.Onsite, now), (entry.Type, entry.Milestone, entry.At));
    }
}
