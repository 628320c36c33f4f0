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
        record.Capa = CaseCare.IssueCapa(record, "quality", "retrain", Now.AddDays(1), Now);

        Assert.NotNull(CaseCare.CapaWatched(record));
        Assert.Null(CaseCare.CapaOverdue(record, Now.AddHours(23)));
        record.Capa = CaseCare.CapaOverdue(record, Now.AddDays(2));
        Assert.Equal(Now.AddDays(2), record.Capa!.OverdueAt);
        Assert.Null(CaseCare.CapaWatched(record));
        Assert.Null(CaseCare.CapaOverdue(record, Now.AddDays(3)));
    }

    [Fact]
    public void A_notice_is_refused_on_a_case_that_is_not_a_complaint_or_with_a_due_time_past()
    {
        var service = new CaseRecord { Version = 1, Kind = CaseKind.Service, State = CaseState.Open };

        Assert.Throws<DomainException>(() => CaseCare.IssueCapa(service, "quality", "retrain", Now.AddDays(1), Now));
        Assert.Throws<DomainException>(() => CaseCare.IssueCapa(Complaint(), "quality", "retrain", Now, Now));
    }

    [Fact]
    public void A_relocation_is_dispatched_only_once_its_plan_is_approved()
    {
        var record = new CaseRecord { Version = 1, Kind = CaseKind.Relocation, State = CaseState.Claimed };

        Assert.Throws<DomainException>(() => CaseCare.RequireApprovedRelocationPlan(record));
        record.RelocationPlan = CaseCare.PlanRelocation(record, new RelocationPlan("ground floor", "crane", "north gate", Now.AddDays(7)), "planner", Now);
        Assert.Throws<DomainException>(() => CaseCare.RequireApprovedRelocationPlan(record));
        record.RelocationPlan = CaseCare.ApproveRelocation(record, "customer", Now);
        CaseCare.RequireApprovedRelocationPlan(record);
    }

    [Fact]
    public void One_substitute_unit_is_out_at_a_time()
    {
        var record = Complaint();
        record.Substitute = CaseCare.LendSubstitute(record, "SUB-1", Now);

        Assert.Throws<DomainException>(() => CaseCare.LendSubstitute(record, "SUB-2", Now));
        record.Substitute = CaseCare.ReturnSubstitute(record, Now.AddDays(1));
        Assert.Throws<DomainException>(() => CaseCare.ReturnSubstitute(record, Now.AddDays(2)));
    }
}
