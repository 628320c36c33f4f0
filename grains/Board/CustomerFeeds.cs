using System.Collections.Immutable;
using ServiceGrid.Board;

namespace ServiceGrid.Grains.Board;

/// <summary>
/// The customers' own feeds, numbered by the <c>hq</c> sequencer as it sequences its events: every case is on the hq
/// board, so each <c>caseChanged</c> of a customer's case that hq sends is also the next event of that customer's feed.
/// Numbered in the cluster, not by each web node, so a portal that reconnects to another node continues the same
/// sequence; a new hq activation (a new epoch) starts every feed over, which clients see as a gap.
/// </summary>
public sealed class CustomerFeeds
{
    readonly Dictionary<string, long> _seqs = new(StringComparer.Ordinal);

    /// <summary>The event numbered on its customer's feed, when it belongs to one.</summary>
    public BoardEvent Number(BoardEvent boardEvent) =>
        boardEvent is { Type: BoardEventTypes.CaseChanged, Case.CustomerId: { } customerId }
            ? boardEvent with { CustomerSeq = _seqs[customerId] = _seqs.GetValueOrDefault(customerId) + 1 }
            : boardEvent;

    /// <summary>The customer's feed as of the last event numbered: their cases on the board, at its version.</summary>
    public BoardSnapshot Snapshot(string customerId, string epoch, ImmutableArray<BoardRow> cases) =>
        new(BoardScopes.Customer(customerId), epoch, _seqs.GetValueOrDefault(customerId),
            [.. cases.Where(row => row.CustomerId == customerId)], [], []);
}
