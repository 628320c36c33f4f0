using System.Collections.Immutable;
using Orleans.Concurrency;
using ServiceGrid.Parts;

namespace ServiceGrid.Organization;

/// <summary>Stock of one SKU in one depot; <c>reserved</c> is held for open cases and is part of <c>onHand</c>.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.StockLine")]
public sealed record StockLine([property: Id(0)] string Sku, [property: Id(1)] int OnHand, [property: Id(2)] int Reserved);

[GenerateSerializer, Immutable, Alias("ServiceGrid.DepotProfile")]
public sealed record DepotProfile(
    [property: Id(0)] string Name,
    [property: Id(1)] string RegionId,
    [property: Id(2)] string? BranchId);

/// <summary>A spare-parts store (service plan 2(3)): the only writer of its stock, which never goes negative.</summary>
[Alias("ServiceGrid.IDepotGrain")]
public interface IDepotGrain : IGrainWithStringKey
{
    [Alias("Register")] Task Register(DepotProfile profile, ImmutableArray<StockLine> stock);
    /// <summary>The stock, or null when no depot has this id.</summary>
    [Alias("GetStock")] Task<ImmutableArray<StockLine>?> GetStock();
    /// <summary>Takes the parts out of stock, all or nothing; a repeated call with the same <paramref name="operationId"/> changes nothing.</summary>
    [Alias("Consume")] Task Consume(string operationId, ImmutableArray<PartRequest> parts);
    /// <summary>Puts back what <see cref="Consume"/> took under <paramref name="operationId"/>, if anything.</summary>
    [Alias("Undo")] Task Undo(string operationId);
    /// <summary>
    /// Like <see cref="Consume"/>, but what <paramref name="caseId"/> has reserved here is taken first, so a case whose
    /// parts are reserved for it can always use them; <see cref="Undo"/> puts those back into its reservation.
    /// </summary>
    [Alias("ConsumeForCase")] Task ConsumeForCase(string caseId, string operationId, ImmutableArray<PartRequest> parts);

    /// <summary>Holds stock for a case (409 when less is available: on hand minus reserved); a repeat for the same case and SKU answers the first reservation.</summary>
    [Alias("Reserve")] Task<ReservationView> Reserve(string caseId, string sku, int qty);
    /// <summary>Frees whatever <paramref name="caseId"/> still holds here; safe to repeat.</summary>
    [Alias("ReleaseReservations")] Task ReleaseReservations(string caseId);
    [Alias("GetReservations")] Task<ImmutableArray<ReservationView>> GetReservations(string caseId);

    /// <summary>
    /// Sends parts to another (registered) depot: the stock leaves here and the transfer is stored as in transit before
    /// the destination is told; delivery is repeated (timer, reminder, activation) until the destination confirms.
    /// A repeat of <paramref name="transferId"/> answers the first transfer.
    /// </summary>
    [Alias("SendTransfer")] Task<TransferView> SendTransfer(string transferId, string toDepotId, string sku, int qty);
    [Alias("GetTransfer")] Task<TransferView?> GetTransfer(string transferId);
    /// <summary>
    /// A transfer arriving: received once by its id, then confirmed to the source. One-way in both directions, so two
    /// depots sending to each other at the same time never wait on each other.
    /// </summary>
    [Alias("DeliverTransfer"), OneWay] Task DeliverTransfer(TransferView transfer);
    /// <summary>The destination has the transfer: it is no longer in transit.</summary>
    [Alias("ConfirmTransfer"), OneWay] Task ConfirmTransfer(string transferId);
    /// <summary>Puts parts into stock (a transfer arriving, a repaired part); a repeated <paramref name="operationId"/> changes nothing.</summary>
    [Alias("Receive")] Task Receive(string operationId, string sku, int qty);

    /// <summary>Sets the level of available stock at or below which this depot raises a <c>stockLow</c> alert for the SKU.</summary>
    [Alias("SetReorderPoint")] Task<ReorderPointView> SetReorderPoint(string sku, int level);
    [Alias("GetReorderPoint")] Task<ReorderPointView> GetReorderPoint(string sku);
}

/// <summary>A quantity of one SKU.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.PartRequest")]
public sealed record PartRequest([property: Id(0)] string Sku, [property: Id(1)] int Qty);
