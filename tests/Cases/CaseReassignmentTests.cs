using ServiceGrid.Cases;
using ServiceGrid.Grains.Cases;
using static ServiceGrid.Tests.Cases.CaseRecords;

namespace ServiceGrid.Tests.Cases;

/// <summary>A person's reassignment of a case, decided without a silo; HoldTests and ClaimTests drive it through the grain.</summary>
public sealed class CaseReassignmentTests
{
    static readonly DateTimeOffset Now = Opened.AddHours(1);

    [Fact]
    public void The_branch_is_the_one_asked_for_else_the_engineer_s_and_one_of_them_is_needed()
    {
        var record = InState(CaseState.Dispatched, "tianjin", "eng-1");

        Assert.Equal("beijing", CaseReassignment.BranchIdOf(record, new ReassignCase("beijing", null, "hq"), null));
        Assert.Equal("beijing", CaseReassignment.BranchIdOf(record, new ReassignCase(null, "eng-2", "hq"), Engineer("eng-2", "beijing")));
        var refusal = Assert.Throws<DomainException>(() => CaseReassignment.BranchIdOf(record, new ReassignCase(null, null, "hq"), null));
        Assert.Equal((FailureKind.Invalid, "branchId"), (refusal.Kind, refusal.Field));
    }

    [Fact]
    public void A_relocation_changes_engineer_only_once_its_plan_is_approved()
    {
        var relocation = InState(CaseState.Dispatched, "tianjin", "eng-1", CaseKind.Relocation);

        Assert.Throws<DomainException>(() => CaseReassignment.BranchIdOf(relocation, new ReassignCase(null, "eng-2", "hq"), Engineer("eng-2", "tianjin")));
        Assert.Equal("beijing", CaseReassignment.BranchIdOf(relocation, new ReassignCase("beijing", null, "hq"), null));
    }

    [Fact]
    public void Within_its_branch_the_case_keeps_its_engineer_and_a_move_that_changes_nothing_is_a_conflict()
    {
        var record = InState(CaseState.OnSite, "tianjin", "eng-1");

        var refusal = Assert.Throws<DomainException>(() => CaseReassignment.Decide(record, null, Branch("tianjin")));
        Assert.Equal(FailureKind.Conflict, refusal.Kind);
        Assert.Contains("engineer 'eng-1'", refusal.Message, StringComparison.Ordinal);
        Assert.Throws<DomainException>(() => CaseReassignment.Decide(record, Engineer("eng-1", "tianjin"), Branch("tianjin")));
    }

    [Fact]
    public void An_engineer_of_another_branch_than_the_one_named_is_refused()
    {
        var refusal = Assert.Throws<DomainException>(() =>
            CaseReassignment.Decide(InState(CaseState.Claimed, "tianjin"), Engineer("eng-2", "beijing"), Branch("tianjin")));

        Assert.Equal(FailureKind.BusinessRule, refusal.Kind);
    }

    [Fact]
    public void A_move_to_another_branch_without_an_engineer_leaves_the_case_claimed_there_and_releases_its_engineer()
    {
        var record = InState(CaseState.OnSite, "tianjin", "eng-1");

        var move = CaseReassignment.Decide(record, null, Branch("beijing"));
        move.Apply(record, "hq", Now);

        Assert.Equal((null, "eng-1"), (move.Joining, move.Leaving));
        Assert.Equal((CaseState.Claimed, "beijing", null), (record.State, record.BranchId, record.EngineerId));
        Assert.Null(record.Timeline[^1].FromRegion);
    }

    [Fact]
    public void A_new_engineer_dispatches_the_case_and_a_branch_of_another_region_moves_it_there()
    {
        var record = InState(CaseState.Responded, "tianjin", "eng-1");

        var move = CaseReassignment.Decide(record, Engineer("eng-7", "shanghai", "east"), Branch("shanghai", "east"));
        move.Apply(record, "hq", Now);

        Assert.Equal(("eng-7", "eng-1"), (move.Joining, move.Leaving));
        Assert.Equal((CaseState.Dispatched, "east", "shanghai", "eng-7"), (record.State, record.Region, record.BranchId, record.EngineerId));
        var entry = Assert.Single(record.Timeline);
        Assert.Equal((TimelineTypes.Reassigned, "north", "shanghai", "eng-7"), (entry.Type, entry.FromRegion, entry.BranchId, entry.EngineerId));
    }

    [Fact]
    public void The_same_engineer_taken_to_the_branch_named_keeps_the_state_and_is_neither_assigned_nor_released()
    {
        var record = InState(CaseState.OnSite, null, "eng-1");

        var move = CaseReassignment.Decide(record, Engineer("eng-1", "tianjin"), Branch("tianjin"));
        move.Apply(record, "hq", Now);

        Assert.Equal((null, null), (move.Joining, move.Leaving));
        Assert.Equal((CaseState.OnSite, "tianjin"), (record.State, record.BranchId));
    }
}
