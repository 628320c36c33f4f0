using System.Collections.Frozen;
using System.Text.Json;
using ServiceGrid.Cases;

namespace ServiceGrid.Grains.Cases;

/// <summary>The commands that move a case.</summary>
public enum CaseCommand { Claim, Dispatch, Respond, Arrive, Resolve, Close, Escalate, Reassign, Cancel, Pause, Resume }

/// <summary>Which command each state allows (API.md "States"): a pure table, so every pair can be tested.</summary>
public static class CaseTransitions
{
    /// <summary>States in which a case is still being worked: it can be escalated, reassigned, paused or cancelled.</summary>
    public static readonly FrozenSet<CaseState> Active = CaseViews.ActiveStates;

    static readonly FrozenDictionary<CaseCommand, FrozenSet<CaseState>> AllowedFrom = new Dictionary<CaseCommand, FrozenSet<CaseState>>
    {
        [CaseCommand.Claim] = new[] { CaseState.Open }.ToFrozenSet(),
        [CaseCommand.Dispatch] = new[] { CaseState.Claimed }.ToFrozenSet(),
        [CaseCommand.Respond] = new[] { CaseState.Dispatched }.ToFrozenSet(),
        [CaseCommand.Arrive] = new[] { CaseState.Responded }.ToFrozenSet(),
        // A remote fix (consultation, remote diagnosis) resolves straight from responded.
        [CaseCommand.Resolve] = new[] { CaseState.Responded, CaseState.OnSite }.ToFrozenSet(),
        [CaseCommand.Close] = new[] { CaseState.Resolved }.ToFrozenSet(),
        [CaseCommand.Escalate] = Active,
        [CaseCommand.Reassign] = Active,
        [CaseCommand.Cancel] = Active,
        [CaseCommand.Pause] = Active,
        [CaseCommand.Resume] = Active,
    }.ToFrozenDictionary();

    public static bool IsAllowed(CaseState from, CaseCommand command) => AllowedFrom[command].Contains(from);

    /// <exception cref="DomainException">A conflict whose detail names the current state.</exception>
    public static void Require(CaseState from, CaseCommand command)
    {
        if (!IsAllowed(from, command))
        {
            throw DomainException.Conflict(
                $"The case is '{Name(from)}'; {Name(command)} is allowed only when it is {string.Join(" or ", AllowedFrom[command].Select(s => $"'{Name(s)}'"))}.");
        }
    }

    /// <summary>The contract's spelling of an enum value (camelCase, as in JSON).</summary>
    public static string Name<T>(T value) where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
