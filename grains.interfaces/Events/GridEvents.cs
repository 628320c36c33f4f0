using System.Collections.Immutable;
using ServiceGrid.Cases;
using ServiceGrid.Organization;

namespace ServiceGrid.Events;

/// <summary>
/// The one path out of the grains: every state change is published, after it is stored, on the streams of its region.
/// Consumers are idempotent on versions, so a replayed event changes nothing.
/// </summary>
public static class GridStreams
{
    /// <summary>The stream provider's name.</summary>
    public const string Provider = "grid";
    /// <summary>Namespace of the per-region streams (the stream key is the region id).</summary>
    public const string RegionEvents = "region-events";
    /// <summary>
    /// Namespace of the per-region engineer streams (key: the region id): positions and status, the busiest traffic of
    /// all, which only the region read model and the board follow. On the case stream, every location ping would also go
    /// to the case projection, which has no use for it.
    /// </summary>
    public const string RegionEngineers = "region-engineers";
    /// <summary>Namespace of the alert stream (one stream, key <see cref="AllKey"/>).</summary>
    public const string Alerts = "alerts";
    public const string AllKey = "all";
}

/// <summary>Something that changed in a region.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.RegionEvent")]
public abstract record RegionEvent;

/// <summary>
/// A case changed: its view after the change and the timeline entries the change added. When the case announces a
/// version again because the query tables have not confirmed it, <see cref="Entries"/> also holds the earlier entries
/// they lack: consumers skip versions they already have.
/// </summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.CaseChanged")]
public sealed record CaseChanged(
    [property: Id(0)] CaseView Case,
    [property: Id(1)] ImmutableArray<TimelineEntry> Entries) : RegionEvent;

/// <summary>An engineer moved, or their status or current case changed.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.EngineerChanged")]
public sealed record EngineerChanged([property: Id(0)] EngineerView Engineer) : RegionEvent;

/// <summary>The dispatch planner moved, proposed or flagged a job (issue 15); boards show it.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.DispatchProposed")]
public sealed record DispatchProposed([property: Id(0)] DispatchProposal Proposal, [property: Id(1)] CaseView Case) : RegionEvent;

/// <summary>A depot's stock of one SKU changed.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.StockChanged")]
public sealed record StockChanged(
    [property: Id(0)] string DepotId,
    [property: Id(1)] StockLine Line,
    [property: Id(2)] DateTimeOffset At) : RegionEvent;

/// <summary>Who an alert is for (service plan 4.5, 4.7.5).</summary>
public enum RecipientRole { VicePresident, DepartmentManager, Headquarters, CustomerServiceCenter }

/// <summary>
/// What raised an alert. <see cref="StockLow"/>: a depot's available stock of a SKU fell to its reorder point (to HQ);
/// <see cref="CapaOverdue"/>: a complaint's corrective action passed its due date (to the department manager).
/// </summary>
public enum AlertType { MajorCaseOpened, SlaAtRisk, SlaBreached, Escalated, DissatisfiedCustomer, ComplaintsRising, StockLow, CapaOverdue }

/// <summary>An alert; its id is derived from what raised it, so a replay cannot raise it twice.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.Alert")]
public sealed record Alert
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required DateTimeOffset At { get; init; }
    [Id(2)] public required AlertType Type { get; init; }
    [Id(3)] public string? CaseId { get; init; }
    [Id(4)] public required string Region { get; init; }
    [Id(5)] public required RecipientRole RecipientRole { get; init; }
    [Id(6)] public required string Message { get; init; }
}

/// <summary>Visits of a region changed (issue 18): booked, planned, moved by a re-plan, started, done or cancelled.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.ScheduleChanged")]
public sealed record ScheduleChanged(
    [property: Id(0)] string Region,
    [property: Id(1)] long Version,
    [property: Id(2)] ImmutableArray<string> VisitIds) : RegionEvent;
