using ServiceGrid.Cases;
using ServiceGrid.Grains.Cases;
using ServiceGrid.Organization;
using static ServiceGrid.Tests.Cases.CaseRecords;

namespace ServiceGrid.Tests.Cases;

/// <summary>The planner's decisions on a case, without a silo (issue 15: a person's decision always wins).</summary>
public sealed class CasePlanningTests
{
    static readonly DateTimeOffset Now = Opened.AddMinutes(5);

    static PlannedDispatch PlanFor(string engineerId, int expectedVersion) => new(engineerId, expectedVersion, ["nearest", "free"]);

    [Fact]
    public void A_plan_made_on_an_older_version_is_refused()
    {
        var refusal = Assert.Throws<DomainException>(() => CasePlanning.RequireMovable(InState(CaseState.Open), 3, PlanFor("eng-1", 2)));

        Assert.Equal(FailureKind.Conflict, refusal.Kind);
        Assert.Contains("version 2, now 3", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_planner_leaves_a_case_a_person_pinned_or_dispatched_but_not_one_it_dispatched_itself()
    {
        var pinned = InState(CaseState.Claimed, "tianjin");
        CasePlanning.SetPinned(pinned, true, "dispatcher", Now);
        Assert.Throws<DomainException>(() => CasePlanning.RequireMovable(pinned, pinned.Version, PlanFor("eng-1", pinned.Version)));

        var byPerson = InState(CaseState.Claimed, "tianjin");
        CaseWorkflow.Dispatch(byPerson, "eng-1", "dispatcher", Now);
        Assert.Throws<DomainException>(() => CasePlanning.RequireMovable(byPerson, byPerson.Version, PlanFor("eng-2", byPerson.Version)));

        var byPlanner = InState(CaseState.Open);
        CasePlanning.Apply(byPlanner, PlanFor("eng-1", 1), Engineer("eng-1", "tianjin"), Branch("tianjin"), Now);
        CasePlanning.RequireMovable(byPlanner, byPlanner.Version, PlanFor("eng-2", byPlanner.Version));
    }

    [Fact]
    public void The_planner_cannot_send_an_engineer_of_another_region_or_branch_or_the_same_engineer()
    {
        var held = InState(CaseState.Claimed, "tianjin");

        Assert.Equal(FailureKind.BusinessRule, Refusal(held, Engineer("eng-9", "shanghai", "east"), Branch("shanghai", "east")));
        Assert.Equal(FailureKind.BusinessRule, Refusal(held, Engineer("eng-8", "beijing"), Branch("beijing")));
        var dispatched = InState(CaseState.Dispatched, "tianjin", "eng-1");
        Assert.Equal(FailureKind.Conflict, Refusal(dispatched, Engineer("eng-1", "tianjin"), Branch("tianjin")));
        CasePlanning.RequireCanTake(InState(CaseState.Open), Engineer("eng-8", "beijing"), Branch("beijing"));
    }

    [Theory]
    [InlineData(CaseState.Open, true)]
    [InlineData(CaseState.Responded, true)]
    [InlineData(CaseState.OnSite, false)]
    [InlineData(CaseState.Resolved, false)]
    public void The_planner_moves_a_case_until_its_engineer_is_on_site(CaseState state, bool movable)
    {
        var record = InState(state, state == CaseState.Open ? null : "tianjin", state == CaseState.Open ? null : "eng-1");

        var refusal = Record.Exception(() => CasePlanning.RequireCanTake(record, Engineer("eng-2", "tianjin"), Branch("tianjin")));

        Assert.Equal(movable, refusal is null);
    }

    [Fact]
    public void An_open_case_is_claimed_and_dispatched_at_once_by_the_planner_with_its_reasons()
    {
        var record = InState(CaseState.Open);

        CasePlanning.Apply(record, PlanFor("eng-1", 1), Engineer("eng-1", "tianjin"), Branch("tianjin"), Now);

        Assert.Equal((CaseState.Dispatched, "tianjin", "eng-1", Tiers.MaintenanceGroup), (record.State, record.BranchId, record.EngineerId, record.Tier));
        Assert.Equal([TimelineTypes.Claimed, TimelineTypes.Dispatched], record.Appended());
        Assert.All(record.Timeline, entry => Assert.Equal(CaseDecisions.Planner, entry.Actor));
        Assert.Equal("nearest; free", record.Timeline[^1].Note);
    }

    [Fact]
    public void A_case_the_planner_moves_from_one_engineer_to_another_is_recorded_as_reassigned()
    {
        var record = InState(CaseState.Responded, "tianjin", "eng-1");

        CasePlanning.Apply(record, PlanFor("eng-2", 1), Engineer("eng-2", "tianjin"), Branch("tianjin"), Now);

        Assert.Equal((CaseState.Dispatched, "eng-2"), (record.State, record.EngineerId));
        Assert.Equal([TimelineTypes.Reassigned], record.Appended());
    }

    [Fact]
    public void Pinning_twice_records_once_and_an_ended_case_is_not_pinned()
    {
        var record = InState(CaseState.Claimed, "tianjin");

        Assert.True(CasePlanning.SetPinned(record, true, "dispatcher", Now));
        Assert.False(CasePlanning.SetPinned(record, true, "dispatcher", Now));
        Assert.True(CasePlanning.SetPinned(record, false, "dispatcher", Now));

        Assert.Equal([TimelineTypes.Pinned, TimelineTypes.Unpinned], record.Appended());
        Assert.Throws<DomainException>(() => CasePlanning.SetPinned(InState(CaseState.Closed), true, "dispatcher", Now));
    }

    static FailureKind Refusal(CaseRecord record, EngineerView engineer, BranchProfile branch) =>
        Assert.Throws<DomainException>(() => CasePlanning.RequireCanTake(record, engineer, branch)).Kind;
}
