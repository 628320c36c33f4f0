using System.Collections.Immutable;
using ServiceGrid.Cases;

namespace ServiceGrid.Demo;

/// <summary>How a simulated case is let slip, so that the SLA clocks, escalations and HQ reassignments get exercised.</summary>
public enum Slip
{
    None,
    /// <summary>No branch claims the case until the customer chases; HQ then hands it to a branch.</summary>
    Unclaimed,
    /// <summary>The dispatched engineer does not respond until the customer chases; HQ then moves the case.</summary>
    Unattended,
}

/// <summary>
/// Everything decided about a simulated case when it is opened: the request, how it will be handled, how long each
/// step takes in real time (before the speed-up) and what the customer will answer in the survey.
/// </summary>
public sealed record CasePlan
{
    public required OpenCase Request { get; init; }
    public required Slip Slip { get; init; }
    /// <summary>Both branches of the region try to claim at once; one of them loses with a conflict.</summary>
    public required bool ClaimRace { get; init; }
    /// <summary>Solved from 'responded' without a visit (a consultation, a remote diagnosis).</summary>
    public required bool Remote { get; init; }
    /// <summary>The spare parts (SKUs, one unit each) the engineer replaces on site; empty when none.</summary>
    public required ImmutableArray<string> Parts { get; init; }
    public required TimeSpan ClaimDelay { get; init; }
    public required TimeSpan DispatchDelay { get; init; }
    public required TimeSpan ResponseDelay { get; init; }
    public required TimeSpan WorkTime { get; init; }
    public required TimeSpan CloseDelay { get; init; }
    public required TimeSpan SurveyDelay { get; init; }
    /// <summary>When the customer chases a slipped case, as a share of its response window (below 1: at risk, above: breached).</summary>
    public required double ChaseAt { get; init; }
    /// <summary>On an unattended case: HQ moves it to the region's other branch rather than to another engineer.</summary>
    public required bool MoveToOtherBranch { get; init; }
    /// <summary>What the engineer writes when resolving.</summary>
    public required string Summary { get; init; }
    /// <summary>The fault report filed on resolving; set for P1 and P2, which need one (service plan 4.6).</summary>
    public required FaultReport? FaultReport { get; init; }
    /// <summary>Null: the customer does not answer the survey.</summary>
    public required int? SurveyScore { get; init; }
    public required string SurveyComment { get; init; }
}
