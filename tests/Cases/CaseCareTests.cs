using ServiceGrid.Cases;
using ServiceGrid.Grains.Cases;

namespace ServiceGrid.Tests.Cases;

/// <summary>The care rules without a silo; CareTests drives the same rules through the case grain.</summary>
public sealed class CaseCareTests
{
    static readonly DateTimeOffset Now = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    static CaseRecord Complaint() => new() { Version = 1, Kind = CaseKind.Complaint, State = CaseState.Open };

    [Fact]
    public void A_notice_is_watched_until_it_is_found_overdue_once()
    {
        var record = Complaint();
        CaseCare.IssueCapa(record, "quality", "retrain", Now.AddDays(1), "agent", Now);

        Assert.NotNull(CaseCare.CapaWatched(record));
        Assert.False(CaseCare.RecordCapaOverdue(record, Now.AddHours(23)));
        Assert.True(CaseCare.RecordCapaOverdue(record, Now.AddDays(2)));
        Assert.Equal(Now.AddDays(2), record.Capa!.OverdueAt);
        Assert.Null(CaseCare.CapaWatched(record));
        Assert.False(CaseCare.RecordCapaOverdue(record, Now.AddDays(3)));
        Assert.Equal([TimelineTypes.CapaIssued, TimelineTypes.CapaOverdue], record.Timeline.Select(e => e.Type));
        Assert.Equal(CaseSlaTransitions.Actor, record.Timeline[^1].Actor);
    }

    [Fact]
    public void A_notice_is_refused_on_a_case_that_is_not_a_complaint_or_with_a_due_time_past()
    {
        var service = new CaseRecord { Version = 1, Kind = CaseKind.Service, State = CaseState.Open };

        Assert.Throws<DomainException>(() => CaseCare.IssueCapa(service, "quality", "retrain", Now.AddDays(1), "agent", Now));
        var complaint = Complaint();
        Assert.Throws<DomainException>(() => CaseCare.IssueCapa(complaint, "quality", "retrain", Now, "agent", Now));
        Assert.Null(complaint.Capa);
        Assert.Empty(complaint.Timeline);
    }

    [Fact]
    public void A_relocation_is_dispatched_only_once_its_plan_is_approved()
    {
        var record = new CaseRecord { Version = 1, Kind = CaseKind.Relocation, State = CaseState.Claimed };

        Assert.Throws<DomainException>(() => CaseCare.RequireApprovedRelocationPlan(record));
        CaseCare.PlanRelocation(record, new RelocationPlan("ground floor", "crane", "north gate", Now.AddDays(7)), "planner", Now);
        Assert.Throws<DomainException>(() => CaseCare.RequireApprovedRelocationPlan(record));
        CaseCare.ApproveRelocation(record, "customer", Now);
        CaseCare.RequireApprovedRelocationPlan(record);
        Assert.Equal("customer", record.RelocationPlan!.ApprovedBy);
    }

    [Fact]
    public void One_substitute_unit_is_out_at_a_time()
    {
        var record = Complaint();
        CaseCare.LendSubstitute(record, "SUB-1", "agent", Now);

        Assert.Throws<DomainException>(() => CaseCare.LendSubstitute(record, "SUB-2", "agent", Now));
        CaseCare.ReturnSubstitute(record, "agent", Now.AddDays(1));
        Assert.Equal(Now.AddDays(1), record.Substitute!.ReturnedAt);
        Assert.Throws<DomainException>(() => CaseCare.ReturnSubstitute(record, "agent", Now.AddDays(2)));
        Assert.Equal(["SUB-1", "SUB-1"], record.Timeline.Select(e => e.Note));
    }
}
