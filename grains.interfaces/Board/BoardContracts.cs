using System.Collections.Immutable;
using ServiceGrid.Cases;
using ServiceGrid.Events;
using ServiceGrid.Organization;

namespace ServiceGrid.Board;

/// <summary>
/// Who watches the board: <c>hq</c> sees everything; <c>branch:{id}</c> sees its region's pool, its own cases and
/// its own engineers (API.md "Live board"). Every scope has its own gapless <see cref="BoardEvent.Seq"/>.
/// </summary>
public static class BoardScopes
{
    public const string Headquarters = "hq";
    public const string BranchPrefix = "branch:";

    public static string Branch(string branchId) => BranchPrefix + branchId;

    /// <summary>
    /// A customer's own feed on the hub (the portal): the <c>caseChanged</c> events of their cases as the <c>hq</c> scope
    /// sends them, so with that scope's <c>seq</c> (gaps are the other customers' events); no snapshot, the portal reads
    /// <c>GET /api/cases</c> on (re)connect and when an event arrives.
    /// </summary>
    public const string CustomerPrefix = "customer:";

    public static string Customer(string customerId) => CustomerPrefix + customerId;

    /// <summary>The customer of a <c>customer:{id}</c> scope; null for any other scope.</summary>
    public static string? CustomerOf(string scope) =>
        scope.StartsWith(CustomerPrefix, StringComparison.Ordinal) && scope.Length > CustomerPrefix.Length ? scope[CustomerPrefix.Length..] : null;

    /// <summary>The branch of a <c>branch:{id}</c> scope; null for <c>hq</c> and for anything that is not a scope.</summary>
    public static string? BranchOf(string scope) =>
        scope.StartsWith(BranchPrefix, StringComparison.Ordinal) && scope.Length > BranchPrefix.Length ? scope[BranchPrefix.Length..] : null;
}

/// <summary>The stream each scope's sequenced batches go out on, for every web node to relay (key: the scope).</summary>
public static class BoardStreams
{
    public const string Namespace = "board";
}

/// <summary>The <c>type</c> of a <see cref="BoardEvent"/>; browsers switch on these strings.</summary>
public static class BoardEventTypes
{
    public const string CaseChanged = "caseChanged";
    public const string EngineerMoved = "engineerMoved";
    public const string SlaChanged = "slaChanged";
    public const string Escalated = "escalated";
    public const string Alert = "alert";
    /// <summary>The dispatch planner moved, proposed or flagged a job of an engineer who dropped out.</summary>
    public const string DispatchProposed = "dispatchProposed";
    /// <summary>Visits of the region changed (issue 18): <c>schedule</c> names the region, its plan version and the visits.</summary>
    public const string ScheduleChanged = "scheduleChanged";
}

/// <summary>A case as one row of the board: what a dispatcher sorts, filters and colours by.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.BoardRow")]
public sealed record BoardRow
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required int Version { get; init; }
    [Id(2)] public required Severity Severity { get; init; }
    [Id(3)] public required CaseKind Kind { get; init; }
    [Id(4)] public required CaseState State { get; init; }
    [Id(5)] public required int Tier { get; init; }
    [Id(6)] public required string Region { get; init; }
    [Id(7)] public string? BranchId { get; init; }
    [Id(8)] public string? EngineerId { get; init; }
    [Id(9)] public GeoPoint? Site { get; init; }
    [Id(10)] public required string Title { get; init; }
    [Id(11)] public required SlaView Sla { get; init; }
    /// <summary>The earliest due time among milestones still running; null when none runs.</summary>
    [Id(12)] public DateTimeOffset? NextDueAt { get; init; }
    [Id(13)] public required DateTimeOffset OpenedAt { get; init; }
    /// <summary>Whose case it is: the web relays the row to that customer's own feed (<see cref="BoardScopes.Customer"/>).</summary>
    [Id(14)] public string? CustomerId { get; init; }
}

/// <summary>
/// One change on a scope's board. <see cref="Seq"/> rises by exactly one per scope; a client applies events with
/// <c>seq &gt; version</c> of its snapshot and takes a new snapshot when it sees a gap.
/// </summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.BoardEvent")]
public sealed record BoardEvent
{
    /// <summary>Zero until the scope's sequencer assigns it.</summary>
    [Id(0)] public long Seq { get; init; }
    [Id(1)] public required string Type { get; init; }
    /// <summary>The row after the change (every case event carries it).</summary>
    [Id(2)] public BoardRow? Case { get; init; }
    [Id(3)] public EngineerView? Engineer { get; init; }
    [Id(4)] public Alert? Alert { get; init; }
    /// <summary>On <c>slaChanged</c>: the milestone and its new status.</summary>
    [Id(5)] public Milestone? Milestone { get; init; }
    [Id(6)] public MilestoneStatus? Status { get; init; }
    /// <summary>On <c>escalated</c>: the tier that owns the case now, and why.</summary>
    [Id(7)] public int? Tier { get; init; }
    [Id(8)] public string? Note { get; init; }
    [Id(9)] public required DateTimeOffset At { get; init; }
    /// <summary>The sequencer's epoch (see <see cref="BoardSnapshot.Epoch"/>): a different one is a gap, whatever the seq.</summary>
    [Id(10)] public string? Epoch { get; init; }
    /// <summary>On <c>dispatchProposed</c>: what the planner did or proposes.</summary>
    [Id(11)] public DispatchProposal? Proposal { get; init; }
    /// <summary>On <c>scheduleChanged</c>: <c>{ region, version, visitIds }</c>.</summary>
    [Id(12)] public ScheduleChanged? Schedule { get; init; }
}

/// <summary>What a scope's sequencer sends to the web nodes at once: consecutive events of one scope.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.BoardBatch")]
public sealed record BoardBatch(
    [property: Id(0)] string Scope,
    [property: Id(1)] string Epoch,
    [property: Id(2)] ImmutableArray<BoardEvent> Events);

/// <summary>
/// A scope's board at <see cref="Version"/>: it holds exactly the events with <c>seq &lt;= version</c>. The
/// <see cref="Epoch"/> changes when the sequencer restarts counting (a new activation), which a client treats as a gap.
/// </summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.BoardSnapshot")]
public sealed record BoardSnapshot(
    [property: Id(0)] string Scope,
    [property: Id(1)] string Epoch,
    [property: Id(2)] long Version,
    [property: Id(3)] ImmutableArray<BoardRow> Cases,
    [property: Id(4)] ImmutableArray<EngineerView> Engineers,
    [property: Id(5)] ImmutableArray<Alert> Alerts);
