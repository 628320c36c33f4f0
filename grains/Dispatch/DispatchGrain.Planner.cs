using System.Diagnostics;
using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using ServiceGrid.Cases;
using ServiceGrid.Events;
using ServiceGrid.Organization;

namespace ServiceGrid.Grains.Dispatch;

/// <summary>
/// The planner (issue 15). Under a branch's <see cref="DispatchMode.Auto"/> policy it dispatches the cases the branch holds,
/// and the region's P1/P2 cases left unclaimed in the pool past <see cref="DispatchOptions.PoolGrace"/>, to the best
/// candidate that meets the on-site deadline. When an engineer becomes unavailable it re-plans their jobs not yet on site,
/// P1 first: moved under auto, proposed to the branch otherwise; jobs already on site stay and are flagged. A case a person
/// dispatched, reassigned or pinned is never moved (it is proposed instead), and every decision carries the version of the
/// case it was made on, so one that races a person's is refused by the case and dropped.
/// </summary>
public sealed partial class DispatchGrain
{
    readonly HashSet<string> _planQueue = [];
    readonly Queue<EngineerView> _dropouts = new();
    IGrainTimer? _planTimer;
    bool _planning;
    /// <summary>The stored proposals differ from what was last written.</summary>
    bool _proposalsChanged;
    Task _written = Task.CompletedTask;

    Dictionary<string, StandingProposal> Proposals => state.State.Proposals;

    void StartPlanning() =>
        // Interleaved, like the one-shot turn: recommendations and stream deliveries go on while the planner waits on cases.
        this.RegisterGrainTimer(SweepAsync, new GrainTimerCreationOptions(options.Value.PlanPeriod, options.Value.PlanPeriod) { Interleave = true });

    Task SweepAsync()
    {
        PlanSoon(_cases.Values.Where(IsPlanTarget).Select(c => c.Id));
        return Task.CompletedTask;
    }

    void PlanSoon(IEnumerable<string> caseIds)
    {
        var before = _planQueue.Count;
        _planQueue.UnionWith(caseIds);
        if (_planQueue.Count > before) ArmPlan();
    }

    void ReplanSoon(EngineerView engineer)
    {
        _dropouts.Enqueue(engineer);
        ArmPlan();
    }

    void ArmPlan() => _planTimer = this.ArmOnce(_planTimer, PlanAsync, TimeSpan.Zero, interleave: true);

    /// <summary>A case the planner would dispatch if it could: held by an auto branch without an engineer, or a P1/P2 waiting in the pool past its grace.</summary>
    bool IsPlanTarget(CaseView view)
    {
        if (!view.IsPlannable() || view.PausedAt is not null) return false;
        if (view.State == CaseState.Claimed && view.EngineerId is null && view.BranchId is { } branch) return ModeOf(branch) == DispatchMode.Auto;
        return view.State == CaseState.Open && view.Severity is Severity.P1 or Severity.P2
            && view.OpenedAt + options.Value.PoolGrace <= clock.GetUtcNow() && state.State.Policies.ContainsValue(DispatchMode.Auto);
    }

    async Task PlanAsync()
    {
        if (_planning) return;
        _planning = true;
        try
        {
            while (_dropouts.Count > 0 || _planQueue.Count > 0)
            {
                while (_dropouts.TryDequeue(out var engineer)) await ReplanAsync(engineer);
                var due = _planQueue.Select(id => _cases.GetValueOrDefault(id)).OfType<CaseView>()
                    .OrderBy(c => c.Severity).ThenBy(c => c.NextDueAt() ?? DateTimeOffset.MaxValue).ToList();
                _planQueue.Clear();
                foreach (var view in due)
                {
                    // An engineer who dropped out goes first (issue 15: their jobs re-planned within 2 s); the rest waits.
                    if (_dropouts.Count > 0)
                    {
                        _planQueue.Add(view.Id);
                        continue;
                    }
                    if (IsPlanTarget(view)) await DispatchAsync(view);
                }
            }
        }
        finally
        {
            _planning = false;
        }
    }

    async Task DispatchAsync(CaseView view)
    {
        var branches = view.BranchId is { } held
            ? [held]
            : state.State.Policies.Where(p => p.Value == DispatchMode.Auto).Select(p => p.Key).ToImmutableArray();
        var best = (await Recommend(view, branches, 1)).Items.FirstOrDefault();
        if (best is null || !best.Meets.Onsite) return;
        await TryPlanAsync(view, best);
    }

    /// <summary>The jobs of an engineer who became unavailable, P1 first: flagged when on site, else moved or proposed.</summary>
    async Task ReplanAsync(EngineerView engineer)
    {
        var started = Stopwatch.GetTimestamp();
        // Read from the cases themselves (a few calls, the engineer's jobs only): the snapshot may trail the latest
        // change by a stream delivery, and a decision on a version the case has left would be refused.
        var fresh = await Task.WhenAll(engineer.Jobs.Select(id => GrainFactory.GetGrain<ICaseGrain>(id).Get()));
        foreach (var view in fresh.OfType<CaseView>()) ApplyCase(view);
        var jobs = fresh.OfType<CaseView>()
            .Where(c => c.EngineerId == engineer.Id && c.BranchId is not null && c.IsActive() && !StandsProposed(c))
            .OrderBy(c => c.Severity).ThenBy(c => c.NextDueAt() ?? DateTimeOffset.MaxValue).ToList();
        var dropped = $"{engineer.Id} unavailable{(engineer.AvailabilityReason is { } reason ? $" ({reason})" : "")}";
        foreach (var job in jobs)
        {
            if (job.State == CaseState.OnSite)
            {
                await ProposeAsync(job, engineer.Id, null, ProposalKinds.Flagged, [dropped, "already on site: the job stays"]);
                continue;
            }
            var mode = ModeOf(job.BranchId!);
            if (mode == DispatchMode.Off) continue;
            var best = (await Recommend(job, [job.BranchId!], 1)).Items.FirstOrDefault();
            var reasons = best is null ? [dropped, "no engineer of the branch can take it"] : best.Reasons.Insert(0, dropped);
            if (mode == DispatchMode.Auto && best is not null && job.IsPlannable() && await TryPlanAsync(job, best, dropped))
                await ProposeAsync(job, engineer.Id, best.EngineerId, ProposalKinds.Moved, reasons);
            else
                await ProposeAsync(job, engineer.Id, best?.EngineerId, ProposalKinds.Proposed, reasons);
        }
        metrics.Replans.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>Sends the decision to the case; false when the case refused it (a person acted first, or the engineer is full).</summary>
    async Task<bool> TryPlanAsync(CaseView view, DispatchCandidate best, string? why = null)
    {
        var reasons = why is null ? best.Reasons : best.Reasons.Insert(0, why);
        try
        {
            var planned = await GrainFactory.GetGrain<ICaseGrain>(view.Id).Plan(new PlannedDispatch(best.EngineerId, view.Version, reasons));
            ApplyCase(planned);
            await SaveProposalsAsync();
            // Counted at once: the engineer's own announcement of the job comes later on the stream.
            if (_engineers.GetValueOrDefault(best.EngineerId) is { } engineer && !engineer.Jobs.Contains(view.Id))
                _engineers[best.EngineerId] = engineer with { Jobs = engineer.Jobs.Add(view.Id) };
            return true;
        }
        catch (DomainException refused)
        {
            LogPlanRefused(logger, RegionId, view.Id, refused.Message);
            return false;
        }
    }

    async Task ProposeAsync(CaseView job, string fromEngineerId, string? engineerId, string kind, ImmutableArray<string> reasons)
    {
        var proposal = new DispatchProposal
        {
            CaseId = job.Id, BranchId = job.BranchId!, Severity = job.Severity, FromEngineerId = fromEngineerId,
            EngineerId = engineerId, Kind = kind, Reasons = reasons, At = clock.GetUtcNow(),
        };
        if (kind != ProposalKinds.Moved)
        {
            Proposals[job.Id] = new StandingProposal(proposal, job.Version);
            _proposalsChanged = true;
        }
        await SaveProposalsAsync();
        await this.RegionStream(RegionId).OnNextAsync(new DispatchProposed(proposal, _cases.GetValueOrDefault(job.Id) ?? job));
    }

    /// <summary>Proposed already from the case as it is now: proposing it again would tell the branch nothing new.</summary>
    bool StandsProposed(CaseView job) => Proposals.TryGetValue(job.Id, out var standing) && standing.CaseVersion == job.Version;

    /// <summary>A proposal stands while the job is still active and with the engineer who dropped out (as a newer version of the case says).</summary>
    void ForgetProposals(CaseView view)
    {
        if (Proposals.TryGetValue(view.Id, out var standing) && view.Version > standing.CaseVersion
            && (!view.IsActive() || view.EngineerId != standing.Proposal.FromEngineerId))
            _proposalsChanged |= Proposals.Remove(view.Id);
    }

    /// <summary>
    /// On activation: each stored proposal is checked with its case itself (a call per standing proposal, a few), since the
    /// case may have moved on while no planner ran and the region's read model, which the snapshot starts from, may trail it.
    /// </summary>
    async Task ReviewProposalsAsync()
    {
        foreach (var caseId in Proposals.Keys.ToList())
        {
            var view = await GrainFactory.GetGrain<ICaseGrain>(caseId).Get();
            if (view is null) _proposalsChanged |= Proposals.Remove(caseId);
            else ForgetProposals(view);
        }
        await SaveProposalsAsync();
    }

    /// <summary>Writes the record when a proposal came or went since the last write; a failed write is tried again with the next change.</summary>
    Task SaveProposalsAsync()
    {
        if (!_proposalsChanged) return Task.CompletedTask;
        _proposalsChanged = false;
        return WriteAsync();
    }

    /// <summary>Writes the record after the write before it, if any: turns that interleave (the planner's, a stream delivery's) may each write.</summary>
    Task WriteAsync() => _written = WriteAfterAsync(_written);

    async Task WriteAfterAsync(Task previous)
    {
        try
        {
            await previous;
        }
        catch
        {
            // Its caller saw the failure; this write carries the same changes and more.
        }
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            _proposalsChanged = true;
            throw;
        }
    }

    DispatchPolicyView PolicyView(string branchId) => new(branchId, ModeOf(branchId),
        [.. Proposals.Values.Select(s => s.Proposal).Where(p => p.BranchId == branchId).OrderBy(p => p.Severity).ThenBy(p => p.At)]);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dispatch of region {RegionId}: case {CaseId} refused the planner's decision: {Reason}")]
    static partial void LogPlanRefused(ILogger logger, string regionId, string caseId, string reason);
}
