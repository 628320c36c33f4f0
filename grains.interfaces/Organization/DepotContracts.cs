using System.Collections.Immutable;

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
}

/// <summary>A quantity of one SKU.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.PartRequest")]
public sealed record PartRequest([property: Id(0)] string Sku, [property: Id(1)] int Qty);
