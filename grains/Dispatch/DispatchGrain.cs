using System.Diagnostics;
using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Orleans.Streams.Core;
using ServiceGrid.Cases;
using ServiceGrid.Events;
using ServiceGrid.Grains.Organization;
using ServiceGrid.Organization;
using ServiceGrid.Service;
using ServiceGrid.Telemetry;

namespace ServiceGrid.Grains.Dispatch;

[GenerateSerializer, Alias("ServiceGrid.DispatchRecord")]
public sealed class DispatchRecord
{
    /// <summary>Per branch of the region; a branch not listed is on <see cref="DispatchMode.Suggest"/>.</summary>
    [Id(0)] public Dictionary<string, DispatchMode> Policies { get; set; } = [];
    /// <summary>
    /// The planner's proposals still standing, per case: stored so that a planner that restarts still lists them. Bounded
    /// by the region's active cases: one whose case moved on (ended, or left the engineer who dropped out) is dropped.
    /// </summary>
    [Id(1)] public Dictionary<string, StandingProposal> Proposals { get; set; } = [];
}

/// <summary>A proposal and the version of its case it was made on: an older view of the case (a read model behind) cannot retire it.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.StandingProposal")]
public sealed record StandingProposal([property: Id(0)] DispatchProposal Proposal, [property: Id(1)] int CaseVersion);

/// <summary>
/// One region's dispatch (see <see cref="IDispatchGrain"/>). Its snapshot follows the region's case and engineer streams
/// (implicit subscriptions, like <c>RegionGrain</c>'s) and starts from the region's read model, so a recommendation is
/// computed from memory in one turn, without a call to any of the region's engineers. Recommendations interleave with the
/// planner's turns, which wait on cases: they only read the snapshot.
/// </summary>
[ImplicitStreamSubscription(GridStreams.RegionEvents)]
[ImplicitStreamSubscription(GridStreams.RegionEngineers)]
[KeepAlive]
public sealed partial class DispatchGrain(
    [PersistentState("dispatch", StorageNames.Organization)] IPersistentState<DispatchRecord> state,
    IOptions<DispatchOptions> options,
    ITravelTimes travel,
    OrganizationDirectory organization,
    TimeProvider clock,
    ServiceGridMetrics metrics,
    ILogger<DispatchGrain> logger) : Grain, IDispatchGrain, IStreamSubscriptionObserver
{
    readonly Dictionary<string, CaseView> _cases = [];
    readonly Dictionary<string, EngineerView> _engineers = [];
    /// <summary>Product model per equipment serial: a unit's model never changes.</summary>
    readonly Dictionary<string, string?> _models = [];
    readonly ShiftStates _shifts = new();

    string RegionId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var region = GrainFactory.GetGrain<IRegionGrain>(RegionId);
        foreach (var view in await region.GetActive()) ApplyCase(view);
        foreach (var engineer in await region.GetEngineers(null)) ApplyEngineer(engineer);
        await ReviewProposalsAsync();
        // The drop-out may be what woke this grain (after a restart), seen already in the read model and never as a change:
        // an unavailable engineer's jobs are re-planned unless they stand proposed already.
        foreach (var engineer in _engineers.Values.Where(e => e.Status == EngineerStatus.Unavailable && e.Jobs.Length > 0))
            ReplanSoon(engineer);
        StartPlanning();
    }

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        handleFactory.Create<RegionEvent>().ResumeAsync(async (regionEvent, _) =>
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
            await SaveProposalsAsync();
        });

    public async Task<CandidateList> Recommend(CaseView target, ImmutableArray<string> branchIds, int limit)
    {
        var skill = await SkillOfAsync(target);
        var started = Stopwatch.GetTimestamp();
        var engineers = _engineers.Values.Where(e => branchIds.IsDefaultOrEmpty || branchIds.Contains(e.BranchId));
        var ranked = CandidateRanking.Rank(target, skill, engineers, Context(), limit);
        metrics.Recommendations.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        return ranked;
    }

    public async Task<DispatchPolicyView> GetPolicy(string branchId) => PolicyView(await RequireBranchAsync(branchId));

    public async Task<DispatchPolicyView> SetPolicy(string branchId, DispatchMode mode)
    {
        await RequireBranchAsync(branchId);
        if (ModeOf(branchId) != mode)
        {
            state.State.Policies[branchId] = mode;
            await WriteAsync();
            // A branch switched to auto has its waiting cases planned now rather than at the next sweep.
            if (mode == DispatchMode.Auto) PlanSoon(_cases.Values.Where(c => c.BranchId == branchId).Select(c => c.Id));
        }
        return PolicyView(branchId);
    }

    DispatchMode ModeOf(string branchId) => state.State.Policies.GetValueOrDefault(branchId, DispatchMode.Suggest);

    async Task<string> RequireBranchAsync(string branchId)
    {
        var branch = await organization.FindBranchAsync(branchId) ?? throw DomainException.NotFound("Branch", branchId);
        if (branch.RegionId != RegionId) throw DomainException.NotFound("Branch", branchId);
        return branch.Id;
    }

    RankingContext Context() => new(clock.GetUtcNow(), travel, options.Value, id => _cases.GetValueOrDefault(id), _shifts);

    async Task<string?> SkillOfAsync(CaseView target)
    {
        if (target.EquipmentSerial is not { } serial) return null;
        if (_models.TryGetValue(serial, out var model)) return model;
        return _models[serial] = (await GrainFactory.GetGrain<IEquipmentGrain>(serial).Get())?.Model;
    }

    void ApplyCase(CaseView view)
    {
        if (_cases.TryGetValue(view.Id, out var known) && known.Version >= view.Version) return;
        if (view.Region != RegionId || !view.IsActive())
        {
            _cases.Remove(view.Id);
            ForgetProposals(view);
            return;
        }
        _cases[view.Id] = view;
        ForgetProposals(view);
        if (IsPlanTarget(view)) PlanSoon([view.Id]);
    }

    void ApplyEngineer(EngineerView engineer)
    {
        var previous = _engineers.GetValueOrDefault(engineer.Id);
        if (previous is not null && previous.Version >= engineer.Version) return;
        if (engineer.RegionId != RegionId)
        {
            _engineers.Remove(engineer.Id);
            _shifts.Forget(engineer.Id);
            return;
        }
        _engineers[engineer.Id] = engineer;
        if (previous is not null && previous.Status != EngineerStatus.Unavailable && engineer.Status == EngineerStatus.Unavailable && engineer.Jobs.Length > 0)
            ReplanSoon(engineer);
    }
}
