using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Orleans.Streams.Core;
using ServiceGrid.Cases;
using ServiceGrid.Events;
using ServiceGrid.Organization;

namespace ServiceGrid.Grains.ReadModel;

/// <summary>
/// The in-memory picture of one region, kept by following the region's case and engineer streams: which cases are in the pool,
/// which each branch holds, which HQ owns, and where the engineers are. Newer versions replace older ones and
/// older ones are ignored, so replays and duplicates change nothing.
/// In durable mode the query tables (<paramref name="table"/>) hold every case: an activation starts from the region's
/// active cases there and from its engineers (the roster), so a region whose silo died comes back whole, and
/// <see cref="Reconcile"/> catches up on what the memory streams lost with that silo. Embedded mode's tables
/// (<see cref="InMemoryCaseTables"/>) hold no cases: an activation starts from the roster alone.
/// </summary>
[ImplicitStreamSubscription(GridStreams.RegionEvents)]
[ImplicitStreamSubscription(GridStreams.RegionEngineers)]
[KeepAlive]
public sealed class RegionGrain(ICaseTableReader table, IOptions<ReadModelOptions> options) : Grain, IRegionGrain, IStreamSubscriptionObserver
{
    readonly Dictionary<string, CaseView> _cases = [];
    readonly Dictionary<string, EngineerView> _engineers = [];
    readonly Queue<string> _finished = new();

    string RegionId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var view in await table.ActiveInRegionAsync(RegionId, cancellationToken)) ApplyCase(view);
        await AskEngineersAsync();
    }

    public async Task Reconcile()
    {
        var active = await table.ActiveInRegionAsync(RegionId, CancellationToken.None);
        // A case this model still holds as active, whose finish or move to another region the streams lost.
        var stale = _cases.Values.Where(c => c.IsActive()).Select(c => c.Id).Except(active.Select(c => c.Id)).ToList();
        var finished = stale.Count == 0 ? [] : await table.FindAsync(stale, CancellationToken.None);
        foreach (var view in active.Concat(finished)) ApplyCase(view);
        await AskEngineersAsync();
    }

    /// <summary>Each engineer of the region's roster, as stored now.</summary>
    async Task AskEngineersAsync()
    {
        var ids = await GrainFactory.GetGrain<IEngineerRosterGrain>(RegionId).GetEngineerIds();
        foreach (var engineer in await Task.WhenAll(ids.Select(id => GrainFactory.GetGrain<IEngineerGrain>(id).Get())))
            if (engineer?.RegionId == RegionId) ApplyEngineer(engineer);
    }

    public async Task<ImmutableArray<CaseView>> Find(ImmutableArray<string> ids)
    {
        var known = ids.Select(id => _cases.GetValueOrDefault(id)).OfType<CaseView>().ToList();
        var unknown = ids.Except(known.Select(c => c.Id)).ToList();
        if (unknown.Count > 0) known.AddRange(await table.FindAsync(unknown, CancellationToken.None));
        return [.. known];
    }

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        handleFactory.Create<RegionEvent>().ResumeAsync((regionEvent, _) =>
        {
            Apply(regionEvent);
            return Task.CompletedTask;
        });

    void Apply(RegionEvent regionEvent)
    {
        switch (regionEvent)
        {
            case CaseChanged { Case: var view }:
                ApplyCase(view);
                break;
            case EngineerChanged { Engineer: var engineer }:
                ApplyEngineer(engineer);
                break;
        }
    }

    void ApplyCase(CaseView view)
    {
        if (_cases.TryGetValue(view.Id, out var known) && known.Version >= view.Version) return;
        if (view.Region != RegionId)
        {
            _cases.Remove(view.Id);
            return;
        }
        _cases[view.Id] = view;
        if (!view.IsActive() && known?.IsActive() != false) Retire(view.Id);
    }

    void ApplyEngineer(EngineerView engineer)
    {
        if (_engineers.TryGetValue(engineer.Id, out var previous) && previous.Version >= engineer.Version) return;
        _engineers[engineer.Id] = engineer;
    }

    void Retire(string caseId)
    {
        _finished.Enqueue(caseId);
        while (_finished.Count > options.Value.RetainedFinishedCases) _cases.Remove(_finished.Dequeue());
    }

    public Task<CasePage> Query(CaseQuery query)
    {
        var matches = _cases.Values
            .Where(c => (query.State is null || c.State == query.State) && (query.Severity is null || c.Severity == query.Severity)
                && c.IsVisibleTo(query.Audience))
            .ToList();
        var page = matches
            .NewestFirst()
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .ToImmutableArray();
        return Task.FromResult(new CasePage(page, matches.Count));
    }

    public Task<ImmutableArray<CaseView>> GetQueue(string branchId) =>
        Task.FromResult(ByDeadline(_cases.Values.Where(c => c.State == CaseState.Open || (c.BranchId == branchId && c.IsActive()))));

    public Task<ImmutableArray<CaseView>> GetEscalations() =>
        Task.FromResult(_cases.Values
            .Where(c => c.Tier == Tiers.Headquarters && c.IsActive())
            .BreachedFirst()
            .ToImmutableArray());

    public Task<RegionCounts> GetCounts()
    {
        var active = _cases.Values.Where(c => c.IsActive()).ToList();
        return Task.FromResult(new RegionCounts(
            Open: active.Count(c => c.State == CaseState.Open),
            HeldByBranch: active.Where(c => c.BranchId is not null)
                .GroupBy(c => c.BranchId!).ToImmutableDictionary(g => g.Key, g => g.Count()),
            AtHeadquarters: active.Count(c => c.Tier == Tiers.Headquarters),
            Active: active.Count));
    }

    public Task<ImmutableArray<EngineerView>> GetEngineers(string? branchId) =>
        Task.FromResult(_engineers.Values
            .Where(e => branchId is null || e.BranchId == branchId)
            .OrderBy(e => e.Id, StringComparer.Ordinal)
            .ToImmutableArray());

    public Task<ImmutableArray<CaseView>> GetActive() => Task.FromResult(ByDeadline(_cases.Values.Where(c => c.IsActive())));

    static ImmutableArray<CaseView> ByDeadline(IEnumerable<CaseView> cases) =>
        cases.OrderBy(c => c.NextDueAt() ?? DateTimeOffset.MaxValue).ThenBy(c => c.Id, StringComparer.Ordinal).ToImmutableArray();
}
