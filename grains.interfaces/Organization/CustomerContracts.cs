using System.Collections.Immutable;

namespace ServiceGrid.Organization;

[GenerateSerializer, Immutable, Alias("ServiceGrid.CustomerSite")]
public sealed record CustomerSite(
    [property: Id(0)] string Name,
    [property: Id(1)] GeoPoint Location,
    [property: Id(2)] string RegionId);

/// <summary>A delivered unit; the free warranty runs from its acceptance date (service plan 2).</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.EquipmentUnit")]
public sealed record EquipmentUnit(
    [property: Id(0)] string Serial,
    [property: Id(1)] string Model,
    [property: Id(2)] DateTimeOffset AcceptedAt,
    [property: Id(3)] int SiteIndex);

[GenerateSerializer, Immutable, Alias("ServiceGrid.CustomerView")]
public sealed record CustomerView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] ImmutableArray<CustomerSite> Sites,
    [property: Id(3)] ImmutableArray<EquipmentUnit> Equipment);

/// <summary>A customer with their sites and installed base.</summary>
[Alias("ServiceGrid.ICustomerGrain")]
public interface ICustomerGrain : IGrainWithStringKey
{
    [Alias("Register")] Task Register(CustomerView customer);
    /// <summary>The customer, or null when no customer has this id.</summary>
    /// <remarks>Interleaves: a registration waits on the customer's units, and a unit opening an inspection case waits on
    /// the case, which reads the customer; a read that queued behind the registration would close that circle.</remarks>
    [Alias("Get"), Orleans.Concurrency.AlwaysInterleave] Task<CustomerView?> Get();
}
