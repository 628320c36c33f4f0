using System.Collections.Immutable;
using ServiceGrid.Organization;
using ServiceGrid.Service;

namespace ServiceGrid.Grains.Service;

[GenerateSerializer, Alias("ServiceGrid.ContractRecord")]
public sealed class ContractRecord
{
    [Id(0)] public ContractView? Contract { get; set; }
    /// <summary>Whether every unit has the contract's period; a crash before that is completed on the next activation.</summary>
    [Id(1)] public bool Propagated { get; set; }
}

/// <summary>
/// An annual maintenance contract (service plan 2). It is stored first, then handed to each of its units, which are
/// what a case asks when it opens; a crash in between is finished by the next activation.
/// </summary>
public sealed class ContractGrain(
    [PersistentState("contract", StorageNames.Organization)] IPersistentState<ContractRecord> state,
    TimeProvider clock) : Grain, IContractGrain
{
    string Id => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Contract is not null && !state.State.Propagated) await PropagateAsync();
    }

    public async Task<ContractView> Create(CreateContract command)
    {
        if (state.State.Contract is { } existing)
        {
            return existing.CustomerId == command.CustomerId && existing.Serials.SequenceEqual(command.Serials)
                && existing.StartsAt == command.StartsAt && existing.EndsAt == command.EndsAt
                ? existing
                : throw DomainException.Conflict($"Contract '{Id}' already exists with other terms.");
        }
        if (command.EndsAt <= command.StartsAt) throw DomainException.Invalid("endsAt", "'endsAt' must be after 'startsAt'.");
        if (command.Serials.IsDefaultOrEmpty) throw DomainException.Invalid("serials", "A contract covers at least one unit.");

        var customer = await GrainFactory.GetGrain<ICustomerGrain>(command.CustomerId).Get()
            ?? throw DomainException.NotFound("Customer", command.CustomerId);
        for (var i = 0; i < command.Serials.Length; i++)
        {
            var serial = command.Serials[i];
            var unit = await GrainFactory.GetGrain<IEquipmentGrain>(serial).Get();
            if (unit is null && customer.Equipment.All(e => e.Serial != serial)) throw DomainException.NotFound("Equipment", serial);
            if (unit is null || unit.CustomerId != customer.Id)
                throw DomainException.Invalid($"serials[{i}]", $"Unit '{serial}' is not on record as equipment of customer '{customer.Id}'.");
        }

        state.State.Contract = new ContractView
        {
            Id = Id,
            CustomerId = customer.Id,
            Serials = [.. command.Serials.Distinct()],
            StartsAt = command.StartsAt,
            EndsAt = command.EndsAt,
            Sla = command.Sla,
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = command.Actor,
        };
        state.State.Propagated = false;
        await state.WriteStateAsync();
        await PropagateAsync();
        return state.State.Contract;
    }

    public Task<ContractView?> Get()
    {
        if (state.State.Contract is null) DeactivateOnIdle();
        return Task.FromResult(state.State.Contract);
    }

    async Task PropagateAsync()
    {
        var contract = state.State.Contract!;
        var period = new ContractPeriod(contract.Id, contract.StartsAt, contract.EndsAt, contract.Sla);
        await Task.WhenAll(contract.Serials.Select(serial => GrainFactory.GetGrain<IEquipmentGrain>(serial).AddContract(period)));
        state.State.Propagated = true;
        await state.WriteStateAsync();
    }
}
