namespace ServiceGrid.Cases;

/// <summary>
/// A complaint's corrective and preventive action notice (service plan 4.5): routed to the responsible department,
/// due by a date; overdue when that passes before the department reports the action done.
/// </summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.CapaView")]
public sealed record CapaView
{
    [Id(0)] public required string Department { get; init; }
    [Id(1)] public required string Action { get; init; }
    [Id(2)] public required DateTimeOffset DueAt { get; init; }
    [Id(3)] public required DateTimeOffset IssuedAt { get; init; }
    [Id(4)] public DateTimeOffset? ClosedAt { get; init; }
    [Id(5)] public string? Outcome { get; init; }
    /// <summary>When the notice was found overdue (raised once).</summary>
    [Id(6)] public DateTimeOffset? OverdueAt { get; init; }
}

/// <summary>
/// The plan of a paid relocation (service plan 4.8); the customer approves it before anyone is dispatched, or rejects it
/// with a reason, and the branch files a new one (which clears the rejection).
/// </summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.RelocationPlanView")]
public sealed record RelocationPlanView
{
    [Id(0)] public required string SiteSurvey { get; init; }
    [Id(1)] public required string Equipment { get; init; }
    [Id(2)] public required string Route { get; init; }
    [Id(3)] public required DateTimeOffset Date { get; init; }
    [Id(4)] public required DateTimeOffset FiledAt { get; init; }
    [Id(5)] public required string FiledBy { get; init; }
    [Id(6)] public DateTimeOffset? ApprovedAt { get; init; }
    [Id(7)] public string? ApprovedBy { get; init; }
    [Id(8)] public DateTimeOffset? RejectedAt { get; init; }
    [Id(9)] public string? RejectedBy { get; init; }
    [Id(10)] public string? RejectionReason { get; init; }
}

/// <summary>What a relocation plan says.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.RelocationPlan")]
public sealed record RelocationPlan(
    [property: Id(0)] string SiteSurvey,
    [property: Id(1)] string Equipment,
    [property: Id(2)] string Route,
    [property: Id(3)] DateTimeOffset Date);

/// <summary>A substitute unit lent while the customer's own is away (service plan, spare parts).</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.SubstituteView")]
public sealed record SubstituteView(
    [property: Id(0)] string Serial,
    [property: Id(1)] DateTimeOffset LentAt,
    [property: Id(2)] DateTimeOffset? ReturnedAt);
