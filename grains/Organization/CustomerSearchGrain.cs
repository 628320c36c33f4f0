using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using ServiceGrid.Organization;

namespace ServiceGrid.Grains.Organization;

/// <summary>
/// The customer search's index in memory (<see cref="CustomerSearchIndex"/>), one activation for the cluster. It stores
/// nothing: when it activates it reads every shard (<see cref="CustomerCardShardGrain"/>), and the shards hand it each
/// card they store, so after a restart it holds what was stored, and nothing else.
/// </summary>
public sealed class CustomerSearchGrain(IOptions<CustomerSearchOptions> options) : Grain, ICustomerSearchGrain
{
    readonly CustomerSearchIndex _index = new();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var shards = await Task.WhenAll(Enumerable.Range(0, options.Value.Shards)
            .Select(shard => GrainFactory.GetGrain<ICustomerCardShardGrain>(shard).GetAll()));
        foreach (var card in shards.SelectMany(cards => cards)) _index.Put(card);
    }

    public Task Put(CustomerCard card)
    {
        _index.Put(card);
        return Task.CompletedTask;
    }

    public Task<ImmutableArray<CustomerCard>> Search(string query, int limit) => Task.FromResult(_index.Search(query, limit));

    public Task<int> Count() => Task.FromResult(_index.Count);
}
