using System.Collections.Immutable;

namespace ServiceGrid.Board;

/// <summary>
/// The sequencer of one scope (key: the scope): the one place that assigns <see cref="BoardEvent.Seq"/>, so the
/// scope's events are gapless and ordered, and that batches them onto the scope's board stream.
/// </summary>
[Alias("ServiceGrid.IBoardScopeGrain")]
public interface IBoardScopeGrain : IGrainWithStringKey
{
    /// <summary>Unsequenced events from a feed, in the order they happened; events outside the scope are dropped.
    /// Derived events (<c>slaChanged</c>, <c>escalated</c>) follow the <c>caseChanged</c> they came with.</summary>
    [Alias("Publish")] Task Publish(ImmutableArray<BoardEvent> events);
    /// <summary>The board with the seq of the last event it contains; taken atomically with sequencing.</summary>
    [Alias("Snapshot")] Task<BoardSnapshot> Snapshot();
    /// <summary>
    /// On <c>hq</c> only: one customer's own feed (<see cref="BoardScopes.Customer"/>) at the last
    /// <see cref="BoardEvent.CustomerSeq"/> given to them, with their cases on the board; taken atomically with sequencing.
    /// </summary>
    [Alias("CustomerSnapshot")] Task<BoardSnapshot> CustomerSnapshot(string customerId);
    /// <summary>
    /// The retained events after <paramref name="seq"/> of <paramref name="epoch"/>, oldest first: every retained one when
    /// the epoch is no longer this sequencer's. For a web node that may have missed a batch of the board stream.
    /// </summary>
    [Alias("EventsAfter")] Task<ImmutableArray<BoardEvent>> EventsAfter(string epoch, long seq);
    /// <summary>Sequences, as events, whatever the regions' read models hold newer than this board (after a silo died).</summary>
    [Alias("Reconcile")] Task Reconcile();
}

/// <summary>Turns one region's events into board events for the scopes that see that region (key: the region).</summary>
[Alias("ServiceGrid.IBoardFeedGrain")]
public interface IBoardFeedGrain : IGrainWithStringKey;

/// <summary>Turns alerts into board events for <c>hq</c> and the branches of the alert's region (key: <c>all</c>).</summary>
[Alias("ServiceGrid.IBoardAlertFeedGrain")]
public interface IBoardAlertFeedGrain : IGrainWithStringKey;
