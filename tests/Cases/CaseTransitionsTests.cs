using ServiceGrid.Cases;
using ServiceGrid.Grains.Cases;

namespace ServiceGrid.Tests.Cases;

/// <summary>The state machine of API.md "States", checked pair by pair against a table written here independently.</summary>
public sealed class CaseTransitionsTests
{
    static readonly CaseState[] Active = [CaseState.Open, CaseState.Claimed, CaseState.Dispatched, CaseState.Responded, CaseState.OnSite];

    static readonly Dictionary<CaseCommand, CaseState[]> Expected = new()
    {
        [CaseCommand.Claim] = [CaseState.Open],
        [CaseCommand.Dispatch] = [CaseState.Claimed],
        [CaseCommand.Respond] = [CaseState.Dispatched],
        [CaseCommand.Arrive] = [CaseState.Responded],
        [CaseCommand.Resolve] = [CaseState.Responded, CaseState.OnSite],
        [CaseCommand.Close] = [CaseState.Resolved],
        [CaseCommand.Escalate] = Active,
        [CaseCommand.Reassign] = Active,
        [CaseCommand.Cancel] = Active,
        [CaseCommand.Pause] = Active,
        [CaseCommand.Resume] = Active,
    };

    /// <summary>The contract's (camelCase) spelling of each state, written out rather than computed.</summary>
    static readonly Dictionary<CaseState, string> ContractName = new()
    {
        [CaseState.Open] = "open",
        [CaseState.Claimed] = "claimed",
        [CaseState.Dispatched] = "dispatched",
        [CaseState.Responded] = "responded",
        [CaseState.OnSite] = "onSite",
        [CaseState.Resolved] = "resolved",
        [CaseState.Closed] = "closed",
        [CaseState.Cancelled] = "cancelled",
    };

    public static TheoryData<CaseState, CaseCommand> AllowedPairs() => Pairs(allowed: true);
    public static TheoryData<CaseState, CaseCommand> RefusedPairs() => Pairs(allowed: false);

    static TheoryData<CaseState, CaseCommand> Pairs(bool allowed)
    {
        var data = new TheoryData<CaseState, CaseCommand>();
        foreach (var command in Enum.GetValues<CaseCommand>())
        foreach (var state in Enum.GetValues<CaseState>())
            if (Expected[command].Contains(state) == allowed) data.Add(state, command);
        return data;
    }

    [Fact]
    public void Every_command_has_an_expected_row_and_both_tables_cover_every_pair()
    {
        Assert.Equal(Enum.GetValues<CaseCommand>().Length, Expected.Count);
        Assert.Equal(Enum.GetValues<CaseState>().Length * Enum.GetValues<CaseCommand>().Length,
            AllowedPairs().Count() + RefusedPairs().Count());
    }

    [Theory]
    [MemberData(nameof(AllowedPairs))]
    public void Allowed_command_is_accepted_in_its_state(CaseState state, CaseCommand command)
    {
        Assert.True(CaseTransitions.IsAllowed(state, command));
        CaseTransitions.Require(state, command);
    }

    [Theory]
    [MemberData(nameof(RefusedPairs))]
    public void Refused_command_is_a_conflict_that_names_the_current_state_in_camel_case(CaseState state, CaseCommand command)
    {
        Assert.False(CaseTransitions.IsAllowed(state, command));
        var refusal = Assert.Throws<DomainException>(() => CaseTransitions.Require(state, command));
        Assert.Equal(FailureKind.Conflict, refusal.Kind);
        Assert.Contains($"'{ContractName[state]}'", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cancelled_is_reachable_from_every_state_before_resolved_and_from_none_after()
    {
        foreach (var state in Enum.GetValues<CaseState>())
            Assert.Equal(Active.Contains(state), CaseTransitions.IsAllowed(state, CaseCommand.Cancel));
    }

    [Theory]
    [InlineData(CaseState.OnSite, "onSite")]
    [InlineData(CaseState.Open, "open")]
    public void Names_are_camel_case(CaseState state, string expected) => Assert.Equal(expected, CaseTransitions.Name(state));
}
