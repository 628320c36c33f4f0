namespace ServiceGrid.Parts;

/// <summary>Stock held in one depot for one case; it stays part of <c>onHand</c> but no other case may take it.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.ReservationView")]
public sealed record ReservationView(
    [property: Id(0)] string DepotId,
    [property: Id(1)] string CaseId,
    [property: Id(2)] string Sku,
    [property: Id(3)] int Qty,
    [property: Id(4)] DateTimeOffset ReservedAt);

public enum TransferStatus { InTransit, Delivered }

/// <summary>Parts sent from one depot to another (HQ's store replenishing a branch's, service plan 2(3)).</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.TransferView")]
public sealed record TransferView
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string FromDepotId { get; init; }
    [Id(2)] public required string ToDepotId { get; init; }
    [Id(3)] public required string Sku { get; init; }
    [Id(4)] public required int Qty { get; init; }
    [Id(5)] public required TransferStatus Status { get; init; }
    [Id(6)] public required DateTimeOffset SentAt { get; init; }
    [Id(7)] public DateTimeOffset? DeliveredAt { get; init; }
}

/// <summary>The level of available stock (on hand minus reserved) at or below which a depot asks to be replenished.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.ReorderPointView")]
public sealed record ReorderPointView([property: Id(0)] string DepotId, [property: Id(1)] string Sku, [property: Id(2)] int Level);

/// <summary>Where a faulty part taken back from a customer is on its way back to stock (service plan 2(3), 4.5).</summary>
public enum ReturnStatus { Received, Repaired, Restocked, Scrapped }

/// <summary>A faulty part taken back on a case: repaired, then inspected by HQ's technical service center, then restocked or scrapped.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.ReturnView")]
public sealed record ReturnView
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string CaseId { get; init; }
    /// <summary>The branch that held the case when the part was taken back.</summary>
    [Id(2)] public string? BranchId { get; init; }
    [Id(3)] public required string Sku { get; init; }
    [Id(4)] public required string Serial { get; init; }
    [Id(5)] public required ReturnStatus Status { get; init; }
    [Id(6)] public required DateTimeOffset ReceivedAt { get; init; }
    [Id(7)] public DateTimeOffset? RepairedAt { get; init; }
    [Id(8)] public DateTimeOffset? InspectedAt { get; init; }
    [Id(9)] public bool? Passed { get; init; }
    /// <summary>The depot a part that passed inspection went back into.</summary>
    [Id(10)] public string? RestockedTo { get; init; }
}

/// <summary>A new return: the faulty part with its serial number, taken back on a case.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.TakeBackPart")]
public sealed record TakeBackPart(
    [property: Id(0)] string CaseId,
    [property: Id(1)] string Sku,
    [property: Id(2)] string Serial,
    [property: Id(3)] string Actor);

/// <summary>One faulty part's repair loop; the id is derived from the case and the serial, so taking the same part back twice is one return.</summary>
[Alias("ServiceGrid.IReturnGrain")]
public interface IReturnGrain : IGrainWithStringKey
{
    /// <summary>Records the part as taken back on a case that had work on site (on site, resolved or closed); a repeat answers the return as first recorded.</summary>
    [Alias("TakeBack")] Task<ReturnView> TakeBack(TakeBackPart command);
    /// <summary>The return, or null when there is none with this id.</summary>
    [Alias("Get")] Task<ReturnView?> Get();
    [Alias("MarkRepaired")] Task<ReturnView> MarkRepaired(string actor);
    /// <summary>HQ's inspection: a part that passes goes back into the repair depot's stock, one that fails is scrapped.</summary>
    [Alias("Inspect")] Task<ReturnView> Inspect(bool passed, string actor);
}

/// <summary>The spare parts side of a case: it reserves parts and remembers where, so they are released when it ends.</summary>
[Alias("ServiceGrid.ICasePartsGrain")]
public interface ICasePartsGrain : IGrainWithStringKey
{
    /// <summary>Reserves <paramref name="qty"/> of <paramref name="sku"/> in a depot for this case; a retry answers the same reservation.</summary>
    [Alias("Reserve")] Task<ReservationView> Reserve(string depotId, string sku, int qty);
}
