using ServiceGrid.Organization;

namespace ServiceGrid.Grains.Organization;

[GenerateSerializer, Alias("ServiceGrid.CustomerRecord")]
public sealed class CustomerRecord
{
    [Id(0)] public CustomerView? Customer { get; set; }
}

/// <summary>A customer, their sites and their installed base.</summary>
public sealed class CustomerGrain(
    [PersistentState("customer", StorageNames.Organization)] IPersistentState<CustomerRecord> state)
    : Grain, ICustomerGrain
{
    public async Task Register(CustomerView customer)
    {
        if (customer.Id != this.GetPrimaryKeyString())
            throw DomainException.Invalid("id", $"Customer '{customer.Id}' cannot be registered as '{this.GetPrimaryKeyString()}'.");
        if (state.State.Customer is { } known && known.Id == customer.Id && known.Name == customer.Name
            && known.Sites.SequenceEqual(customer.Sites) && known.Equipment.SequenceEqual(customer.Equipment)) return;
        state.State.Customer = customer;
        await state.WriteStateAsync();
    }

    public Task<CustomerView?> Get()
    {
        if (state.State.Customer is null) DeactivateOnIdle();
        return Task.FromResult(state.State.Customer);
    }
}
