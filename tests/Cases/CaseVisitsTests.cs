using ServiceGrid.Cases;
using ServiceGrid.Grains.Cases;
using static ServiceGrid.Tests.Cases.CaseRecords;

namespace ServiceGrid.Tests.Cases;

/// <summary>The case's side of its visits, without a silo; VisitBookingTests drives it from the region's schedule.</summary>
public sealed class CaseVisitsTests
{
    static readonly DateTimeOffset Now = Opened.AddHours(1);

    [Fact]
    public void A_visit_entry_sent_again_after_a_crash_is_recorded_once()
    {
        var record = InState(CaseState.Dispatched, "tianjin", "eng-1");

        Assert.True(CaseVisits.Record(record, "visit-1", TimelineTypes.VisitBooked, "schedule", "booked", Now));
        Assert.False(CaseVisits.Record(record, "visit-1", TimelineTypes.VisitBooked, "schedule", "booked", Now));

        var entry = Assert.Single(record.Timeline);
        Assert.Equal(("visit-1", "booked"), (entry.VisitId, entry.Note));
        Assert.Equal(["visit-1"], record.VisitIds);
    }

    [Fact]
    public void A_visit_may_be_planned_again_but_its_id_is_kept_once()
    {
        var record = InState(CaseState.Dispatched, "tianjin", "eng-1");

        Assert.True(CaseVisits.Record(record, "visit-1", TimelineTypes.VisitPlanned, "schedule", "Mon 9:00", Now));
        Assert.True(CaseVisits.Record(record, "visit-1", TimelineTypes.VisitPlanned, "schedule", "Tue 9:00", Now));
        Assert.True(CaseVisits.Record(record, "visit-2", TimelineTypes.VisitPlanned, "schedule", "Wed 9:00", Now));

        Assert.Equal(["Mon 9:00", "Tue 9:00", "Wed 9:00"], record.Timeline.Select(e => e.Note));
        Assert.Equal(["visit-1", "visit-2"], record.VisitIds);
    }
}
