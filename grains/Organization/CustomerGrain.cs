using Microsoft.Extensions.Options;
using ServiceGrid.Organization;
using ServiceGrid.Service;

namespace ServiceGrid.Grains.Organization;

[GenerateSerializer, Alias("ServiceGrid.CustomerRecord")]
public sealed class CustomerRecord
{
    [Id(0)] public CustomerView? Customer { get; set; }
}

/// <summary>
/// A customer, their sites and their installed base; registering a customer registers each of their units and files the
/// customer's card for the customer service center's search.
/// </summary>
public sealed class CustomerGrain(
    [PersistentState("customer", StorageNames.Organization)] IPersistentState<CustomerRecord> state,
    IOptions<CustomerSearchOptions> search)
    : Grain, ICustomerGrain
{
    public async Task Register(CustomerView customer)
    {
        if (customer.Id != this.GetPrimaryKeyString())
            throw DomainException.Invalid("id", $"Customer '{customer.Id}' cannot be registered as '{this.GetPrimaryKeyString()}'.");
        if (state.State.Customer is not { } known || known.Id != customer.Id || known.Name != customer.Name
            || !known.Sites.SequenceEqual(customer.Sites) || !known.Equipment.SequenceEqual(customer.Equipment)
            || !known.Contacts.SequenceEqual(customer.Contacts))
        {
            state.State.Customer = customer;
            await state.WriteStateAsync();
        }
        // Every time, not only on a change: a unit that missed an earlier registration (a crash in between) catches up.
        await Task.WhenAll(customer.Equipment.Select(unit => GrainFactory.GetGrain<IEquipmentGrain>(unit.Serial)
            .Register(customer.Id, unit, RegionOf(customer, unit))));
        await GrainFactory.GetGrain<ICustomerCardShardGrain>(CustomerCardShardGrain.ShardOf(customer.Id, search.Value.Shards))
            .Put(CustomerCard.Of(customer));
    }

    /// <summary>A unit stands at its site; a unit whose site index is out of range, at the customer's first site.</summary>
    static string RegionOf(CustomerView customer, EquipmentUnit unit) =>
        (unit.SiteIndex >= 0 && unit.SiteIndex < customer.Sites.Length ? customer.Sites[unit.SiteIndex] : customer.Sites.FirstOrDefault())?.RegionId ?? "";

    public Task<CustomerView?> Get()
    {
        if (state.State.Customer is null) DeactivateOnIdle();
        return Task.FromResult(state.State.Customer);
    }
}
