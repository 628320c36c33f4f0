using System.Collections.Immutable;
using ServiceGrid.Cases;

namespace ServiceGrid.Service;

/// <summary>What pays for service on a unit (service plan 2): the free warranty, a maintenance contract, or nothing (chargeable).</summary>
public enum CoverageKind { Warranty, Contract, None }

/// <summary>A unit's coverage at one moment: its kind, until when it runs (null when none) and the contract, if that is what covers it.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.CoverageView")]
public sealed record CoverageView(
    [property: Id(0)] CoverageKind Kind,
    [property: Id(1)] DateTimeOffset? Until,
    [property: Id(2)] string? ContractId = null);

/// <summary>Targets of one severity as a contract sets them; a milestone left null keeps the default policy's target.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.ServiceTargets")]
public sealed record ServiceTargets(
    [property: Id(0)] TimeSpan? Response,
    [property: Id(1)] TimeSpan? Onsite,
    [property: Id(2)] TimeSpan? Resolution);

/// <summary>A contract's period on one unit and the SLA targets it sets (per severity; severities it omits keep the default policy).</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.ContractPeriod")]
public sealed record ContractPeriod(
    [property: Id(0)] string ContractId,
    [property: Id(1)] DateTimeOffset StartsAt,
    [property: Id(2)] DateTimeOffset EndsAt,
    [property: Id(3)] ImmutableDictionary<Severity, ServiceTargets> Targets)
{
    public bool InForceAt(DateTimeOffset at) => StartsAt <= at && at < EndsAt;
}

/// <summary>What a case opened on a unit now is entitled to: the coverage, and the contract's targets for its severity, if any.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.ServiceTerms")]
public sealed record ServiceTerms(
    [property: Id(0)] CoverageView Coverage,
    [property: Id(1)] string? ContractId,
    [property: Id(2)] ServiceTargets? Targets);
