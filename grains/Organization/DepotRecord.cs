using System.Collections.Immutable;
using ServiceGrid.Events;
using ServiceGrid.Organization;
using ServiceGrid.Parts;

namespace ServiceGrid.Grains.Organization;

/// <summary>The stored state of a depot. Never renumber an [Id]: stored depots must survive upgrades.</summary>
[GenerateSerializer, Alias("ServiceGrid.DepotRecord")]
public sealed class DepotRecord
{
    [Id(0)] public DepotProfile? Profile { get; set; }
    [Id(1)] public Dictionary<string, StockLine> Stock { get; set; } = [];
    /// <summary>Recent consumptions by operation id, so a retried consumption is not taken twice.</summary>
    [Id(2)] public Dictionary<string, ImmutableArray<PartRequest>> Consumptions { get; set; } = [];
    [Id(3)] public Queue<string> ConsumptionOrder { get; set; } = new();
    /// <summary>Reservations by case id, one per SKU.</summary>
    [Id(4)] public Dictionary<string, List<ReservationView>> Reservations { get; set; } = [];
    /// <summary>Of a consumption (by operation id), what came out of its case's reservation: <see cref="DepotGrain.Undo"/> puts it back there.</summary>
    [Id(5)] public Dictionary<string, ReservedConsumption> FromReservations { get; set; } = [];
    /// <summary>Transfers sent: every one still in transit, and the recent delivered ones for retries of the request.</summary>
    [Id(6)] public Dictionary<string, TransferView> Transfers { get; set; } = [];
    [Id(7)] public Queue<string> TransferOrder { get; set; } = new();
    /// <summary>Recent receipts (transfers, repaired parts) by operation id, so a redelivery is not counted twice.</summary>
    [Id(8)] public HashSet<string> Receipts { get; set; } = [];
    [Id(9)] public Queue<string> ReceiptOrder { get; set; } = new();
    /// <summary>Reorder points set for this depot; other SKUs use <see cref="PartsOptions"/>.</summary>
    [Id(10)] public Dictionary<string, int> ReorderPoints { get; set; } = [];
    /// <summary>SKUs at or below their reorder point now; the alert is raised when a SKU enters this set.</summary>
    [Id(11)] public HashSet<string> Low { get; set; } = [];
    /// <summary>How often each SKU has fallen to its reorder point: the alert id carries it, so a replay cannot duplicate an alert.</summary>
    [Id(12)] public Dictionary<string, int> LowCrossings { get; set; } = [];
    /// <summary>Alerts stored but not yet published; published again on activation (their ids make that harmless).</summary>
    [Id(13)] public List<Alert> PendingAlerts { get; set; } = [];
}

[GenerateSerializer, Immutable, Alias("ServiceGrid.ReservedConsumption")]
public sealed record ReservedConsumption([property: Id(0)] string CaseId, [property: Id(1)] ImmutableArray<PartRequest> Parts);
