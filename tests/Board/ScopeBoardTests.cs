using ServiceGrid.Board;
using ServiceGrid.Cases;
using ServiceGrid.Grains.Board;

namespace ServiceGrid.Tests.Board;

/// <summary>What belongs to a scope's board, and which events change it (so get a seq): pure, no silo.</summary>
public sealed class ScopeBoardTests
{
    static readonly DateTimeOffset Now = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
    static readonly MilestoneView Pending = new(Now.AddHours(1), MilestoneStatus.Pending, null);

    static BoardEvent Changed(string id, int version, CaseState state = CaseState.Open, string region = "north", string? branchId = null) => new()
    {
        Type = BoardEventTypes.CaseChanged,
        At = Now,
        Case = new BoardRow
        {
            Id = id, Version = version, Severity = Severity.P3, Kind = CaseKind.Service, State = state, Tier = Tiers.Branch,
            Region = region, BranchId = branchId, Title = "Pump", Sla = new SlaView(Pending, Pending, Pending), NextDueAt = Now.AddHours(1), OpenedAt = Now,
        },
    };

    static BoardEvent Escalated(BoardEvent changed) => new() { Type = BoardEventTypes.Escalated, At = Now, Case = changed.Case, Tier = Tiers.Headquarters };

    [Fact]
    public void A_branch_sees_its_regions_pool_and_its_own_cases_but_not_the_other_branchs()
    {
        var beijing = new ScopeBoard("beijing", "north", 10, 20_000);

        Assert.True(beijing.Apply(Changed("c1", 1)));
        Assert.False(beijing.Apply(Changed("c2", 1, region: "east")));
        Assert.True(beijing.Apply(Changed("c3", 1)));
        Assert.False(beijing.Apply(Changed("c4", 2, CaseState.Claimed, branchId: "tianjin")));

        Assert.Equal(["c1", "c3"], beijing.Cases.Select(c => c.Id));
    }

    [Fact]
    public void A_case_claimed_by_the_other_branch_is_announced_once_then_never_comes_back()
    {
        var beijing = new ScopeBoard("beijing", "north", 10, 20_000);
        beijing.Apply(Changed("c1", 1));

        Assert.True(beijing.Apply(Changed("c1", 2, CaseState.Claimed, branchId: "tianjin")));
        Assert.Empty(beijing.Cases);
        Assert.False(beijing.Apply(Changed("c1", 1)));
        Assert.False(beijing.Apply(Changed("c1", 2, CaseState.Claimed, branchId: "tianjin")));
        Assert.Empty(beijing.Cases);
    }

    [Fact]
    public void Hq_ignores_the_duplicate_of_a_case_moved_between_regions_and_the_events_derived_from_it()
    {
        var hq = new ScopeBoard(null, null, 10, 20_000);
        var moved = Changed("c1", 3, CaseState.Claimed, region: "east", branchId: "shanghai");

        Assert.True(hq.Apply(moved));
        Assert.True(hq.Apply(Escalated(moved)));
        Assert.False(hq.Apply(moved));
        Assert.False(hq.Apply(Escalated(moved)));
        Assert.Equal(["c1"], hq.Cases.Select(c => c.Id));
    }
}
