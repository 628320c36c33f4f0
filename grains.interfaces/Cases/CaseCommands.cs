using System.Collections.Immutable;

namespace ServiceGrid.Cases;

/// <summary>Opens a case. The region comes from <see cref="Region"/>, else from <see cref="Site"/>, else from the customer's site.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.OpenCase")]
public sealed record OpenCase
{
    [Id(0)] public required string CustomerId { get; init; }
    [Id(1)] public required CaseKind Kind { get; init; }
    [Id(2)] public required Severity Severity { get; init; }
    [Id(3)] public required Channel Channel { get; init; }
    [Id(4)] public required string Title { get; init; }
    [Id(5)] public required string Description { get; init; }
    [Id(6)] public string? Region { get; init; }
    [Id(7)] public GeoPoint? Site { get; init; }
    [Id(8)] public string? EquipmentSerial { get; init; }
    [Id(9)] public required string Actor { get; init; }
}

/// <summary>Resolves a case: the service report, the fault report (P1/P2) and the parts consumed.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.ResolveCase")]
public sealed record ResolveCase
{
    [Id(0)] public required string Summary { get; init; }
    [Id(1)] public FaultReport? FaultReport { get; init; }
    [Id(2)] public ImmutableArray<PartLine> PartsUsed { get; init; } = [];
    [Id(3)] public required string Actor { get; init; }
}

/// <summary>HQ moves a case to another branch and/or engineer.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.ReassignCase")]
public sealed record ReassignCase([property: Id(0)] string? BranchId, [property: Id(1)] string? EngineerId, [property: Id(2)] string Actor);
