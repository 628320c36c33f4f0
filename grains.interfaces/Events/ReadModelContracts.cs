using System.Collections.Immutable;
using ServiceGrid.Cases;
using ServiceGrid.Organization;

namespace ServiceGrid.Events;

/// <summary>A filter over a region's cases; <see cref="Page"/> starts at 1. <see cref="Audience"/> limits it to what one user may see.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.CaseQuery")]
public sealed record CaseQuery(
    [property: Id(0)] CaseState? State,
    [property: Id(1)] Severity? Severity,
    [property: Id(2)] int Page,
    [property: Id(3)] int PageSize,
    [property: Id(4)] CaseAudience? Audience = null);

/// <summary>
/// The cases one user may see: a branch its region's pool and the cases it holds, an engineer the cases assigned to
/// them, a customer their own. Null fields do not restrict.
/// </summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.CaseAudience")]
public sealed record CaseAudience(
    [property: Id(0)] string? BranchId = null,
    [property: Id(1)] string? EngineerId = null,
    [property: Id(2)] string? CustomerId = null);

[GenerateSerializer, Immutable, Alias("ServiceGrid.CasePage")]
public sealed record CasePage([property: Id(0)] ImmutableArray<CaseView> Items, [property: Id(1)] int Total);

/// <summary>How many of a region's cases are where: the pool, each branch's hand, HQ's inbox.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.RegionCounts")]
public sealed record RegionCounts(
    [property: Id(0)] int Open,
    [property: Id(1)] ImmutableDictionary<string, int> HeldByBranch,
    [property: Id(2)] int AtHeadquarters,
    [property: Id(3)] int Active);

/// <summary>
/// The in-memory read model of one region, fed by the region's event stream: the pool of open cases that its
/// branches share, the cases each branch holds, the cases escalated to HQ, and its engineers.
/// It follows the case grains, which stay the only writers; it is never asked to decide anything.
/// </summary>
[Alias("ServiceGrid.IRegionGrain")]
public interface IRegionGrain : IGrainWithStringKey
{
    [Alias("Query")] Task<CasePage> Query(CaseQuery query);
    /// <summary>The region's pool (open, unclaimed) and the cases <paramref name="branchId"/> holds, next deadline first.</summary>
    [Alias("GetQueue")] Task<ImmutableArray<CaseView>> GetQueue(string branchId);
    /// <summary>Cases owned by HQ (tier 1), breached first.</summary>
    [Alias("GetEscalations")] Task<ImmutableArray<CaseView>> GetEscalations();
    [Alias("GetCounts")] Task<RegionCounts> GetCounts();
    [Alias("GetEngineers")] Task<ImmutableArray<EngineerView>> GetEngineers(string? branchId);
    /// <summary>Active (not closed or cancelled) cases, for the board snapshot.</summary>
    [Alias("GetActive")] Task<ImmutableArray<CaseView>> GetActive();
    /// <summary>The cases of these ids as this model or, in durable mode, the query tables know them; unknown ids are left out.</summary>
    [Alias("Find")] Task<ImmutableArray<CaseView>> Find(ImmutableArray<string> ids);
    /// <summary>Durable mode: re-reads the region's cases from the query tables and takes every newer version found there.</summary>
    [Alias("Reconcile")] Task Reconcile();
}

/// <summary>Every alert raised, in order, fed by the alert stream.</summary>
[Alias("ServiceGrid.IAlertLogGrain")]
public interface IAlertLogGrain : IGrainWithStringKey
{
    [Alias("Since")] Task<ImmutableArray<Alert>> Since(DateTimeOffset? since, int max);
    /// <summary>Durable mode: derives the cases' alerts again from the timeline in the query tables and adds the missing ones.</summary>
    [Alias("Reconcile")] Task Reconcile();
}

/// <summary>
/// Keeps a region's case changes beyond the live read model: the query tables (<c>cases</c>, <c>case_events</c>) in
/// durable mode, confirming each written version to its case grain; the monthly report grains in embedded mode; the
/// complaint trend in both. Fed by the region's event stream only; it has no calls of its own.
/// </summary>
[Alias("ServiceGrid.ICaseProjectionGrain")]
public interface ICaseProjectionGrain : IGrainWithStringKey;
