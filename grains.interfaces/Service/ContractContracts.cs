using System.Collections.Immutable;
using ServiceGrid.Cases;

namespace ServiceGrid.Service;

/// <summary>An annual maintenance contract (service plan 2): the customer's units it covers, its period and its SLA targets.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.ContractView")]
public sealed record ContractView
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string CustomerId { get; init; }
    [Id(2)] public required ImmutableArray<string> Serials { get; init; }
    [Id(3)] public required DateTimeOffset StartsAt { get; init; }
    [Id(4)] public required DateTimeOffset EndsAt { get; init; }
    /// <summary>Targets per severity that replace the default policy's for cases on the contract's units.</summary>
    [Id(5)] public required ImmutableDictionary<Severity, ServiceTargets> Sla { get; init; }
    [Id(6)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(7)] public required string CreatedBy { get; init; }
}

/// <summary>What a new contract asks for.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.CreateContract")]
public sealed record CreateContract
{
    [Id(0)] public required string CustomerId { get; init; }
    [Id(1)] public required ImmutableArray<string> Serials { get; init; }
    [Id(2)] public required DateTimeOffset StartsAt { get; init; }
    [Id(3)] public required DateTimeOffset EndsAt { get; init; }
    [Id(4)] public required ImmutableDictionary<Severity, ServiceTargets> Sla { get; init; }
    [Id(5)] public required string Actor { get; init; }
}

/// <summary>One maintenance contract. Creating it is idempotent per id; the units learn of it before it is answered.</summary>
[Alias("ServiceGrid.IContractGrain")]
public interface IContractGrain : IGrainWithStringKey
{
    /// <summary>Creates the contract; refused (404 customer or unit, 400 period or a unit of another customer) without storing anything.</summary>
    [Alias("Create")] Task<ContractView> Create(CreateContract command);
    /// <summary>The contract, or null when no contract has this id.</summary>
    [Alias("Get")] Task<ContractView?> Get();
}
