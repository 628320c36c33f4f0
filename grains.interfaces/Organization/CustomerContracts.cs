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

/// <summary>A person the customer service center calls or is called by, with their phone number.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.CustomerContact")]
public sealed record CustomerContact(
    [property: Id(0)] string Name,
    [property: Id(1)] string Phone);

[GenerateSerializer, Immutable, Alias("ServiceGrid.CustomerView")]
public sealed record CustomerView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] ImmutableArray<CustomerSite> Sites,
    [property: Id(3)] ImmutableArray<EquipmentUnit> Equipment)
{
    /// <summary>Who to call, first the customer's main contact; the customer service center finds a caller by these phones.</summary>
    /// <remarks>Never default: a customer stored before contacts existed reads as having none.</remarks>
    public ImmutableArray<CustomerContact> Contacts { get => _contacts.IsDefault ? [] : _contacts; init => _contacts = value; }

    [Id(4)] readonly ImmutableArray<CustomerContact> _contacts = [];
}

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
