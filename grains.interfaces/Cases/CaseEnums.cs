using System.Text.Json.Serialization;

namespace ServiceGrid.Cases;

/// <summary>How the customer service center classified a request (service plan 4.5).</summary>
public enum CaseKind { Consultation, Service, Complaint, Inspection, Relocation }

/// <summary>Fault severity; each level carries its own SLA targets (service plan 4.6).</summary>
public enum Severity
{
    [JsonStringEnumMemberName("P1")] P1 = 1,
    [JsonStringEnumMemberName("P2")] P2 = 2,
    [JsonStringEnumMemberName("P3")] P3 = 3,
    [JsonStringEnumMemberName("P4")] P4 = 4,
    [JsonStringEnumMemberName("P5")] P5 = 5,
}

/// <summary>Where a request came in (service plan 4.3).</summary>
public enum Channel { Hotline, Email, Portal, Remote, Onsite }

/// <summary>The lifecycle of a case; <see cref="Cancelled"/> is reachable from any state before <see cref="Resolved"/>.</summary>
public enum CaseState { Open, Claimed, Dispatched, Responded, OnSite, Resolved, Closed, Cancelled }

/// <summary>The three SLA milestones of a case.</summary>
public enum Milestone { Response, Onsite, Resolution }

/// <summary>Where a milestone stands against its due time.</summary>
public enum MilestoneStatus { Pending, AtRisk, Met, Breached, Paused, NotApplicable }

/// <summary>The level of the organization that owns a case: 1 HQ, 2 branch, 3 maintenance group.</summary>
public static class Tiers
{
    public const int Headquarters = 1;
    public const int Branch = 2;
    public const int MaintenanceGroup = 3;
}
