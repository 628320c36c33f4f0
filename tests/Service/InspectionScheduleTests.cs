using System.Collections.Immutable;
using ServiceGrid.Cases;
using ServiceGrid.Grains.Service;
using ServiceGrid.Service;

namespace ServiceGrid.Tests.Service;

public sealed class InspectionScheduleTests
{
    static readonly ServiceOptions Options = new();
    static readonly DateTimeOffset Accepted = new(2024, 1, 31, 9, 0, 0, TimeSpan.Zero);

    static ContractPeriod Contract(DateTimeOffset starts, DateTimeOffset ends) => new("c", starts, ends, ImmutableDictionary<Severity, ServiceTargets>.Empty);

    static List<DateTimeOffset> Dates(IEnumerable<ContractPeriod> contracts, DateTimeOffset from, DateTimeOffset to) =>
        [.. InspectionSchedule.DueDates(Accepted, contracts, Options, from, to).Select(d => d.DueAt)];

    [Fact]
    public void Under_warranty_an_inspection_is_due_every_three_months_from_acceptance_without_drifting_at_month_ends()
    {
        var dates = Dates([], Accepted, Accepted.AddYears(1).AddDays(1));

        Assert.Equal([Accepted.AddMonths(3), Accepted.AddMonths(6), Accepted.AddMonths(9), Accepted.AddMonths(12)], dates);
        Assert.Equal(new DateTimeOffset(2024, 7, 31, 9, 0, 0, TimeSpan.Zero), dates[1]);
    }

    [Fact]
    public void The_schedule_ends_with_the_warranty_and_an_uncovered_unit_has_no_inspection()
    {
        var dates = Dates([], Accepted, Accepted.AddYears(10));

        Assert.Equal(11, dates.Count);
        Assert.True(dates[^1] < Accepted.AddMonths(36));
        Assert.Null(InspectionSchedule.NextDue(Accepted, [], Options, Accepted.AddMonths(36)));
    }

    [Fact]
    public void Under_a_contract_inspections_are_due_every_three_months_from_its_start_while_it_runs()
    {
        var starts = Accepted.AddMonths(37).AddDays(5);
        var contract = Contract(starts, starts.AddYears(1));

        var dates = Dates([contract], Accepted.AddMonths(36), Accepted.AddYears(10));

        Assert.Equal([starts.AddMonths(3), starts.AddMonths(6), starts.AddMonths(9)], dates);
        Assert.All(InspectionSchedule.DueDates(Accepted, [contract], Options, Accepted.AddMonths(36), Accepted.AddYears(10)),
            d => Assert.Equal(CoverageKind.Contract, d.Coverage));
    }

    [Fact]
    public void A_contract_during_the_warranty_adds_no_second_schedule()
    {
        var contract = Contract(Accepted.AddMonths(1), Accepted.AddMonths(49));

        var dates = Dates([contract], Accepted, Accepted.AddYears(10));

        Assert.Equal(Dates([], Accepted, Accepted.AddMonths(36)), dates.Where(d => d < Accepted.AddMonths(36)));
        Assert.Equal([contract.StartsAt.AddMonths(36), contract.StartsAt.AddMonths(39), contract.StartsAt.AddMonths(42), contract.StartsAt.AddMonths(45)],
            dates.Where(d => d >= Accepted.AddMonths(36)));
    }

    [Fact]
    public void A_check_after_missed_ticks_opens_only_the_latest_due_inspection_and_none_before_the_unit_was_on_record()
    {
        var scheduledFrom = Accepted.AddMonths(4);

        Assert.Equal(Accepted.AddMonths(12), InspectionSchedule.LatestDue(Accepted, [], Options, scheduledFrom, Accepted.AddMonths(14)));
        Assert.Equal(Accepted.AddMonths(6), InspectionSchedule.LatestDue(Accepted, [], Options, scheduledFrom, Accepted.AddMonths(6)));
        Assert.Null(InspectionSchedule.LatestDue(Accepted, [], Options, scheduledFrom, Accepted.AddMonths(6).AddTicks(-1)));
        Assert.Equal(Accepted.AddMonths(15), InspectionSchedule.NextDue(Accepted, [], Options, Accepted.AddMonths(14)));
    }

    [Fact]
    public void The_case_id_of_an_inspection_is_the_same_for_every_retry_and_fits_a_route_id()
    {
        var due = Accepted.AddMonths(3);

        Assert.Equal("insp-SN-7-2-20240430", InspectionSchedule.CaseId("SN-7-2", due));
        Assert.Equal(InspectionSchedule.CaseId("SN-7-2", due), InspectionSchedule.CaseId("SN-7-2", due));
        var longId = InspectionSchedule.CaseId(new string('X', 64), due);
        Assert.True(longId.Length <= 64, longId);
        Assert.NotEqual(longId, InspectionSchedule.CaseId(new string('Y', 64), due));
    }
}
