using System.Collections.Immutable;
using ServiceGrid.Service;

namespace ServiceGrid.Cases;

/// <summary>A case as clients see it; every change produces a new view with a higher <see cref="Version"/>.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.CaseView")]
public sealed record CaseView
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required int Version { get; init; }
    [Id(2)] public required CaseKind Kind { get; init; }
    [Id(3)] public required Severity Severity { get; init; }
    [Id(4)] public required Channel Channel { get; init; }
    [Id(5)] public required CaseState State { get; init; }
    [Id(6)] public required string Region { get; init; }
    [Id(7)] public string? BranchId { get; init; }
    [Id(8)] public string? EngineerId { get; init; }
    [Id(9)] public required int Tier { get; init; }
    [Id(10)] public required string CustomerId { get; init; }
    [Id(11)] public required string Title { get; init; }
    [Id(12)] public required string Description { get; init; }
    [Id(13)] public GeoPoint? Site { get; init; }
    [Id(14)] public string? EquipmentSerial { get; init; }
    [Id(15)] public required DateTimeOffset OpenedAt { get; init; }
    [Id(16)] public required DateTimeOffset UpdatedAt { get; init; }
    [Id(17)] public required SlaView Sla { get; init; }
    [Id(18)] public ResolutionView? Resolution { get; init; }
    [Id(19)] public SurveyView? Survey { get; init; }
    [Id(20)] public required ImmutableArray<TimelineEntry> Timeline { get; init; }
    [Id(21)] public DateTimeOffset? PausedAt { get; init; }
    /// <summary>On a case opened on a unit: what covered the unit when the case opened (warranty, contract or none).</summary>
    [Id(22)] public CoverageView? Coverage { get; init; }
    /// <summary>On a complaint: its corrective and preventive action notice.</summary>
    [Id(23)] public CapaView? Capa { get; init; }
    /// <summary>On a relocation: its plan and approval.</summary>
    [Id(24)] public RelocationPlanView? RelocationPlan { get; init; }
    /// <summary>A substitute unit lent to the customer while theirs is away.</summary>
    [Id(25)] public SubstituteView? Substitute { get; init; }
    /// <summary>The visits booked on the case (issue 18); <c>GET /api/cases/{id}/visits</c> shows their plan.</summary>
    [Id(26)] public ImmutableArray<string> VisitIds { get; init; } = [];
}

/// <summary>The three milestones of a case's SLA.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.SlaView")]
public sealed record SlaView(
    [property: Id(0)] MilestoneView Response,
    [property: Id(1)] MilestoneView Onsite,
    [property: Id(2)] MilestoneView Resolution);

/// <summary>One milestone: when it is due, where it stands, and when it was met.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.MilestoneView")]
public sealed record MilestoneView(
    [property: Id(0)] DateTimeOffset? DueAt,
    [property: Id(1)] MilestoneStatus Status,
    [property: Id(2)] DateTimeOffset? MetAt);

/// <summary>What the engineer filed when resolving the case.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.ResolutionView")]
public sealed record ResolutionView(
    [property: Id(0)] string Summary,
    [property: Id(1)] FaultReport? FaultReport,
    [property: Id(2)] ImmutableArray<PartLine> PartsUsed,
    [property: Id(3)] DateTimeOffset At);

/// <summary>The fault report required for P1 and P2 cases (service plan 4.6).</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.FaultReport")]
public sealed record FaultReport(
    [property: Id(0)] string Diagnosis,
    [property: Id(1)] string RootCause,
    [property: Id(2)] string Actions,
    [property: Id(3)] string Result);

/// <summary>A quantity of one spare part taken from one depot.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.PartLine")]
public sealed record PartLine([property: Id(0)] string DepotId, [property: Id(1)] string Sku, [property: Id(2)] int Qty);

/// <summary>The customer's answer to the satisfaction survey: 5 very satisfied (A) … 1 very dissatisfied (E).</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.SurveyView")]
public sealed record SurveyView([property: Id(0)] int Score, [property: Id(1)] string? Comment, [property: Id(2)] DateTimeOffset At);

/// <summary>One line of the case record: who did what, when.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.TimelineEntry")]
public sealed record TimelineEntry
{
    [Id(0)] public required int Version { get; init; }
    [Id(1)] public required DateTimeOffset At { get; init; }
    [Id(2)] public required string Type { get; init; }
    [Id(3)] public required string Actor { get; init; }
    [Id(4)] public string? Note { get; init; }
    [Id(5)] public string? BranchId { get; init; }
    [Id(6)] public string? EngineerId { get; init; }
    [Id(7)] public Milestone? Milestone { get; init; }
    [Id(8)] public int? Tier { get; init; }
    /// <summary>On a reassignment that moved the case to another region: the region it left.</summary>
    [Id(9)] public string? FromRegion { get; init; }
    /// <summary>On a survey: the score the customer gave.</summary>
    [Id(10)] public int? Score { get; init; }
    /// <summary>
    /// When the actor did it, when that was earlier than its recording (<see cref="At"/>): a phone that was offline
    /// sends its actions later. A milestone of this entry was met at this time.
    /// </summary>
    [Id(16)] public DateTimeOffset? OccurredAt { get; init; }
    /// <summary>On <c>signed</c>: the attachment that holds the signature (<c>GET /api/cases/{id}/attachments/{attachmentId}</c>).</summary>
    [Id(17)] public string? AttachmentId { get; init; }
    /// <summary>On <c>visitBooked</c>, <c>visitPlanned</c>, <c>visitCancelled</c>: the visit (issue 18).</summary>
    [Id(18)] public string? VisitId { get; init; }
}
