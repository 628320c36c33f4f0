using System.Collections.Immutable;
using ServiceGrid.Organization;

namespace ServiceGrid.Grains.Organization;

[GenerateSerializer, Alias("ServiceGrid.CustomerCardShardRecord")]
public sealed class CustomerCardShardRecord
{
    [Id(0)] public Dictionary<string, CustomerCard> Cards { get; set; } = [];
}

/// <summary>
/// The stored cards of the customers of one shard: what the search index (<see cref="CustomerSearchGrain"/>) is rebuilt
/// from after a restart, so the search never scans the customer grains.
/// </summary>
public sealed class CustomerCardShardGrain(
    [PersistentState("customer-cards", StorageNames.Organization)] IPersistentState<CustomerCardShardRecord> state)
    : Grain, ICustomerCardShardGrain
{
    /// <summary>The shard of a customer id: a hash that every process computes alike (string.GetHashCode is per process).</summary>
    public static int ShardOf(string customerId, int shards)
    {
        var hash = 2166136261u;
        foreach (var c in customerId) hash = (hash ^ c) * 16777619u;
        return (int)(hash % (uint)shards);
    }

    public async Task Put(CustomerCard card)
    {
        if (!state.State.Cards.TryGetValue(card.Id, out var known) || !known.SameAs(card))
        {
            state.State.Cards[card.Id] = card;
            await state.WriteStateAsync();
        }
        // Every time: an index that missed the card (a crash in between) catches up when the customer registers again.
        await GrainFactory.GetGrain<ICustomerSearchGrain>(0).Put(card);
    }

    public Task<ImmutableArray<CustomerCard>> GetAll() => Task.FromResult(state.State.Cards.Values.ToImmutableArray());
}
