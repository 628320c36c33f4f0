using System.Collections.Immutable;

namespace ServiceGrid.Organization;

/// <summary>A unit as a customer's card lists it: enough for the operator to pick the caller's unit.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.CardUnit")]
public sealed record CardUnit([property: Id(0)] string Serial, [property: Id(1)] string Model);

/// <summary>What the customer service center's search knows of a customer: names, phones, regions and units.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.CustomerCard")]
public sealed record CustomerCard
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string Name { get; init; }
    [Id(2)] public required ImmutableArray<CustomerContact> Contacts { get; init; }
    [Id(3)] public required ImmutableArray<string> Regions { get; init; }
    [Id(4)] public required ImmutableArray<CardUnit> Units { get; init; }

    public static CustomerCard Of(CustomerView customer) => new()
    {
        Id = customer.Id,
        Name = customer.Name,
        Contacts = customer.Contacts,
        Regions = [.. customer.Sites.Select(site => site.RegionId).Distinct()],
        Units = [.. customer.Equipment.Select(unit => new CardUnit(unit.Serial, unit.Model))],
    };

    public bool SameAs(CustomerCard other) =>
        Id == other.Id && Name == other.Name && Contacts.SequenceEqual(other.Contacts)
        && Regions.SequenceEqual(other.Regions) && Units.SequenceEqual(other.Units);
}

/// <summary>
/// The stored half of the customer search: the cards of the customers whose id hashes to this shard (key: the shard
/// number). Small shards keep each write small; the search index is rebuilt from them.
/// </summary>
[Alias("ServiceGrid.ICustomerCardShardGrain")]
public interface ICustomerCardShardGrain : IGrainWithIntegerKey
{
    /// <summary>Stores the card (an unchanged card writes nothing) and hands it to the search index.</summary>
    [Alias("Put")] Task Put(CustomerCard card);
    /// <remarks>Interleaves: a shard handing a card to the index waits on it, and an index that activates reads the shards.</remarks>
    [Alias("GetAll"), Orleans.Concurrency.AlwaysInterleave] Task<ImmutableArray<CustomerCard>> GetAll();
}

/// <summary>
/// The customer service center's "find the caller" index (key 0): every customer's card in memory, searched by prefix
/// of name words, contact, phone digits, customer id or a unit's serial. Not stored: it loads the shards when it activates.
/// </summary>
[Alias("ServiceGrid.ICustomerSearchGrain")]
public interface ICustomerSearchGrain : IGrainWithIntegerKey
{
    [Alias("Put")] Task Put(CustomerCard card);
    /// <summary>The best matches of <paramref name="query"/>, at most <paramref name="limit"/>; exact ids and serials first.</summary>
    [Alias("Search")] Task<ImmutableArray<CustomerCard>> Search(string query, int limit);
    /// <summary>How many customers the index holds.</summary>
    [Alias("Count")] Task<int> Count();
}
