using System.Collections.Immutable;
using ServiceGrid.Cases;

namespace ServiceGrid.Organization;

/// <summary>One working period on a weekday, in the time zone of its <see cref="ShiftCalendar"/>; <see cref="End"/> after <see cref="Start"/>.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.ShiftPeriod")]
public sealed record ShiftPeriod([property: Id(0)] DayOfWeek Day, [property: Id(1)] TimeOnly Start, [property: Id(2)] TimeOnly End);

/// <summary>
/// When an engineer works: periods per weekday in the branch's time zone (an IANA id), and whether they are on call for
/// P1/P2 outside them (service plan: service is 7×24, and a P1 has an emergency contact around the clock).
/// </summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.ShiftCalendar")]
public sealed record ShiftCalendar(
    [property: Id(0)] string TimeZone,
    [property: Id(1)] ImmutableArray<ShiftPeriod> Periods,
    [property: Id(2)] bool OnCall);

/// <summary>What an engineer is as a resource: the product models they are certified for, their shifts and how many open jobs they take at once.</summary>
/// <param name="Capacity">Reactive jobs (cases) held at once.</param>
/// <param name="VisitsPerDay">Booked visits (issue 18) the engineer does at most in a day, as field-service products' capacity-based
/// resources do ("at most N appointments a day"); null: no limit but the shift.</param>
[GenerateSerializer, Immutable, Alias("ServiceGrid.ResourceProfile")]
public sealed record ResourceProfile(
    [property: Id(0)] ImmutableArray<string> Skills,
    [property: Id(1)] ShiftCalendar? Shifts,
    [property: Id(2)] int Capacity,
    [property: Id(3)] int? VisitsPerDay = null)
{
    /// <summary>An engineer nobody described yet: no certification, no shift calendar (always on shift), one job at a time.</summary>
    public static readonly ResourceProfile Default = new([], null, 1);
}

/// <summary>How far the grid may go on its own in a branch (issue 15): nothing, suggest candidates, or dispatch them.</summary>
public enum DispatchMode { Off, Suggest, Auto }

/// <summary>Whether a candidate would meet each of the case's own due times.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.SlaFit")]
public sealed record SlaFit([property: Id(0)] bool Response, [property: Id(1)] bool Onsite, [property: Id(2)] bool Resolution);

/// <summary>One engineer who could take a case, with why they rank where they do.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.DispatchCandidate")]
public sealed record DispatchCandidate
{
    [Id(0)] public required string EngineerId { get; init; }
    [Id(1)] public required string BranchId { get; init; }
    /// <summary>Higher is better; the list is ordered by it.</summary>
    [Id(2)] public required double Score { get; init; }
    [Id(3)] public required double DistanceKm { get; init; }
    [Id(4)] public required int TravelMinutes { get; init; }
    /// <summary>When they could be on site, after the jobs they must finish first.</summary>
    [Id(5)] public required DateTimeOffset EtaOnSite { get; init; }
    [Id(6)] public required SlaFit Meets { get; init; }
    /// <summary>Certified for the case's product model (true when the case names none).</summary>
    [Id(7)] public required bool SkillMatch { get; init; }
    /// <summary>Open jobs the engineer holds now.</summary>
    [Id(8)] public required int Load { get; init; }
    [Id(9)] public required ImmutableArray<string> Reasons { get; init; }
}

/// <summary>Candidates best first; <see cref="Reason"/> says why the list is empty or why none of them is in time.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.CandidateList")]
public sealed record CandidateList([property: Id(0)] ImmutableArray<DispatchCandidate> Items, [property: Id(1)] string? Reason);

/// <summary>
/// What the planner tells a branch it would do, or did not do: move a job of an engineer who dropped out to
/// <see cref="EngineerId"/> (null: nobody can take it), or flag a job the engineer is already on site for.
/// </summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.DispatchProposal")]
public sealed record DispatchProposal
{
    [Id(0)] public required string CaseId { get; init; }
    [Id(1)] public required string BranchId { get; init; }
    [Id(2)] public required Severity Severity { get; init; }
    /// <summary>The engineer the job is with now.</summary>
    [Id(3)] public required string FromEngineerId { get; init; }
    [Id(4)] public string? EngineerId { get; init; }
    /// <summary><c>proposed</c>, <c>moved</c> or <c>flagged</c>.</summary>
    [Id(5)] public required string Kind { get; init; }
    [Id(6)] public required ImmutableArray<string> Reasons { get; init; }
    [Id(7)] public required DateTimeOffset At { get; init; }
}

/// <summary>The <see cref="DispatchProposal.Kind"/> values.</summary>
public static class ProposalKinds
{
    public const string Proposed = "proposed";
    public const string Moved = "moved";
    public const string Flagged = "flagged";
}

/// <summary>A branch's dispatch policy and the planner's proposals to it that nobody has acted on.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.DispatchPolicyView")]
public sealed record DispatchPolicyView(
    [property: Id(0)] string BranchId,
    [property: Id(1)] DispatchMode Mode,
    [property: Id(2)] ImmutableArray<DispatchProposal> Proposals);

/// <summary>
/// One region's dispatch: a live snapshot of its engineers (position, status, skills, shift, jobs) and active cases, kept by
/// following the region's streams, from which candidates are ranked without asking any engineer; and the planner that
/// dispatches under a branch's <see cref="DispatchMode.Auto"/> policy and re-plans when an engineer drops out. Key: the region.
/// </summary>
[Alias("ServiceGrid.IDispatchGrain")]
public interface IDispatchGrain : IGrainWithStringKey
{
    /// <summary>
    /// The best engineers of <paramref name="branchIds"/> (every branch of the region when empty) for <paramref name="target"/>,
    /// at most <paramref name="limit"/>.
    /// </summary>
    [Alias("Recommend"), Orleans.Concurrency.AlwaysInterleave] Task<CandidateList> Recommend(CaseView target, ImmutableArray<string> branchIds, int limit);
    [Alias("GetPolicy"), Orleans.Concurrency.AlwaysInterleave] Task<DispatchPolicyView> GetPolicy(string branchId);
    [Alias("SetPolicy")] Task<DispatchPolicyView> SetPolicy(string branchId, DispatchMode mode);
}

/// <summary>
/// <c>GET /api/cases/{id}/candidates</c> on the silo side, in one call from the web: reads the case and asks the dispatch of
/// its region (of every region for HQ and a case HQ owns) next to them, so the case does not cross the gateway twice.
/// Keeps nothing: a stateless worker, as many as the silo's cores want.
/// </summary>
[Alias("ServiceGrid.ICaseCandidatesGrain")]
public interface ICaseCandidatesGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// The best engineers for the case: of the branch holding it, of every branch of its region while it is in the pool, and,
    /// when <paramref name="headquarters"/> asks about a case HQ owns, of every branch of every region. 404 for an unknown case.
    /// </summary>
    [Alias("ForCase")] Task<CandidateList> ForCase(string caseId, bool headquarters, int limit);
}

/// <summary>What the planner decided for a case, against the version of the case it read.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.PlannedDispatch")]
public sealed record PlannedDispatch(
    [property: Id(0)] string EngineerId,
    [property: Id(1)] int ExpectedVersion,
    [property: Id(2)] ImmutableArray<string> Reasons);
