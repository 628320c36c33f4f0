using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using ServiceGrid.Cases;
using ServiceGrid.Organization;
using ServiceGrid.Planning;
using ServiceGrid.Schedule;

namespace ServiceGrid.Grains.Schedule;

/// <summary>
/// Re-plans (issue 18). A proposal is computed from a snapshot of the plan, with OR-Tools on the thread pool so the grain keeps
/// answering, and keeps the version of every visit it read; apply refuses it (409) when a visit it moves, or any visit of an
/// engineer whose day it changes, changed since: a re-plan is recomputed, never applied over a person's edit. Under a branch's
/// <c>auto</c> dispatch policy the grain re-plans that branch's engineers and visits by itself when the plan is spoiled, and
/// applies the result only when its figures are better.
/// </summary>
public sealed partial class ScheduleGrain
{
    const int AutoAttempts = 3;

    readonly Dictionary<string, Computed> _proposals = [];
    IGrainTimer? _autoTimer;
    bool _autoRunning;
    bool _autoAgain;
    bool _replanWhole;
    readonly HashSet<string> _insertions = [];

    /// <summary>A proposal with what its apply checks: the versions of every visit read, and where the moved visits go.</summary>
    sealed record Computed(ReplanProposal Proposal, IReadOnlyDictionary<string, int> Read, DateTimeOffset ExpiresAt);

    public async Task<ReplanProposal> Propose(int? horizonDays, TimeSpan? timeLimit)
    {
        var computed = await ComputeAsync(horizonDays ?? Options.HorizonDays, Limit(timeLimit), null);
        _proposals[computed.Proposal.Id] = computed;
        return computed.Proposal;
    }

    public async Task<ReplanProposal> ProposeInsertion(string visitId, int? horizonDays, TimeSpan? timeLimit)
    {
        if (!Record.Visits.TryGetValue(visitId, out var visit)) throw DomainException.NotFound("Visit", visitId);
        if (visit.State is not (VisitState.Unplanned or VisitState.Planned))
            throw DomainException.Conflict($"The visit is '{StateName(visit.State)}': only an unplanned or planned visit is fitted in.");
        var computed = await ComputeAsync(horizonDays ?? Options.HorizonDays, timeLimit is null ? Options.InsertionTimeLimit : Limit(timeLimit), null, visitId);
        _proposals[computed.Proposal.Id] = computed;
        return computed.Proposal;
    }

    public Task Discard(string proposalId)
    {
        _proposals.Remove(proposalId);
        return Task.CompletedTask;
    }

    public async Task<AppliedPlan> Apply(string proposalId, string actor)
    {
        CaseCommandContext.Take();
        var now = clock.GetUtcNow();
        foreach (var expired in _proposals.Where(p => p.Value.ExpiresAt <= now).Select(p => p.Key).ToList()) _proposals.Remove(expired);
        if (!_proposals.Remove(proposalId, out var computed)) throw DomainException.NotFound("Proposal", proposalId);
        var moves = computed.Proposal.Moves;
        if (Conflict(computed) is { } changed)
            throw DomainException.Conflict($"Visit '{changed}' changed since the proposal was computed (plan version {computed.Proposal.BasedOnVersion}, now {Record.Version}); ask for a new proposal.");
        if (moves.IsEmpty) return new AppliedPlan(RegionId, Record.Version, 0);
        var moved = moves.Select(move =>
        {
            var visit = Record.Visits[move.VisitId];
            Place(visit, move.To, pinned: false);
            return visit;
        }).ToList();
        await CommitAsync(moved);
        await Task.WhenAll(moves.Where(m => m.To is not null).Select(m =>
            RecordOnCaseAsync(Record.Visits[m.VisitId], TimelineTypes.VisitPlanned, actor, $"{m.To!.EngineerId} at {m.To.PlannedStart.UtcDateTime:yyyy-MM-dd HH:mm}Z, by re-plan {proposalId}")));
        return new AppliedPlan(RegionId, Record.Version, moved.Count);
    }

    TimeSpan Limit(TimeSpan? asked) =>
        asked is { } limit ? TimeSpan.FromTicks(Math.Clamp(limit.Ticks, TimeSpan.FromMilliseconds(100).Ticks, Options.MaxTimeLimit.Ticks)) : Options.TimeLimit;

    /// <summary>The first visit that changed since the proposal read it, among those it moves and those of the engineers whose days it changes.</summary>
    string? Conflict(Computed computed)
    {
        var moved = computed.Proposal.Moves.Select(m => m.VisitId).ToHashSet();
        var engineers = computed.Proposal.Moves.SelectMany(m => new[] { m.From?.EngineerId, m.To?.EngineerId }).OfType<string>().ToHashSet();
        foreach (var id in moved)
            if (!Record.Visits.TryGetValue(id, out var visit) || visit.Version != computed.Read.GetValueOrDefault(id, -1)) return id;
        return Record.Visits.Values
            .Where(v => !v.IsOver && v.EngineerId is { } engineer && engineers.Contains(engineer))
            .FirstOrDefault(v => computed.Read.GetValueOrDefault(v.Id, -1) != v.Version)?.Id;
    }

    /// <summary>
    /// Reads the plan in this turn, then searches on the thread pool; <paramref name="branches"/> limits it to some branches'
    /// engineers and visits; <paramref name="insertion"/> to that visit and the planned visits of its neighbourhood's engineers
    /// (<see cref="InsertionNeighbourhood"/>): everyone else is left out of the problem, so their routes cannot change.
    /// </summary>
    async Task<Computed> ComputeAsync(int horizonDays, TimeSpan limit, IReadOnlySet<string>? branches, string? insertion = null)
    {
        var now = clock.GetUtcNow();
        var basedOn = Record.Version;
        var read = Record.Visits.ToDictionary(v => v.Key, v => v.Value.Version);
        var engineers = _engineers.Values.Where(e => branches is null || branches.Contains(e.BranchId)).ToList();
        if (insertion is not null)
            engineers = [.. InsertionNeighbourhood.Engineers(Record.Visits[insertion], engineers, Options.InsertionEngineers, now, horizonDays, Options.Zone,
                (from, to) => travel.Estimate(RegionId, from, to).DistanceKm)];
        var ids = engineers.Select(e => e.Id).ToHashSet();
        var visits = Record.Visits.Values
            .Where(v => insertion is not null ? v.Id == insertion || v.EngineerId is { } planned && ids.Contains(planned)
                : branches is null || (v.EngineerId is { } engineer ? ids.Contains(engineer) : v.BranchId is null || branches.Contains(v.BranchId)))
            .Select(Snapshot).ToList();
        var problem = ScheduleProblem.Build(RegionId, now, horizonDays, Options.Zone, engineers, visits, travel);
        var before = problem.Current();
        var figuresBefore = problem.Figures(problem.Effective(Options.Zone), Options.Zone);
        var started = Stopwatch.GetTimestamp();
        Plan plan;
        try
        {
            plan = await Task.Run(() => planner.Plan(problem.Problem, new PlannerSettings { TimeLimit = limit, MoveCostKm = Options.MoveCostKm }));
        }
        catch (ArgumentException contradiction)
        {
            throw DomainException.Conflict($"The pinned visits cannot all be kept: {contradiction.Message} Unpin or move one by hand.");
        }
        var after = problem.Assignment(plan);
        var moves = after.Where(a => problem.IsMovable(a.Key) && !Equals(a.Value, before[a.Key]))
            .Select(a => new VisitMove(a.Key, visits.First(v => v.Id == a.Key).CaseId, before[a.Key], a.Value))
            .OrderBy(m => m.VisitId, StringComparer.Ordinal).ToImmutableArray();
        LogComputed(logger, RegionId, problem.Problem.Visits.Count, problem.Problem.Engineers.Count, moves.Length, Stopwatch.GetElapsedTime(started).TotalSeconds);
        var proposal = new ReplanProposal($"rp-{Guid.NewGuid():N}", RegionId, basedOn, clock.GetUtcNow(), moves, figuresBefore, problem.Figures(after, Options.Zone));
        return new Computed(proposal, read, clock.GetUtcNow() + Options.ProposalLifetime);
    }

    /// <summary>A copy the search can read while the grain goes on changing its own records.</summary>
    static VisitRecord Snapshot(VisitRecord visit) => new()
    {
        Id = visit.Id, CaseId = visit.CaseId, BranchId = visit.BranchId, Severity = visit.Severity, Location = visit.Location,
        WindowStart = visit.WindowStart, WindowEnd = visit.WindowEnd, DurationMinutes = visit.DurationMinutes,
        RequiredSkill = visit.RequiredSkill, State = visit.State, EngineerId = visit.EngineerId, PlannedStart = visit.PlannedStart,
        Pinned = visit.Pinned, SlaDueAt = visit.SlaDueAt, Version = visit.Version,
    };

    /// <summary>Something spoiled the plan: under <c>auto</c>, re-plan soon (one run at a time; a spoil during a run runs again after it).</summary>
    void SpoilSoon()
    {
        _replanWhole = true;
        ReplanSoon();
    }

    /// <summary>A P1 was booked: under <c>auto</c>, fit it in among the engineers nearest it soon (<see cref="ProposeInsertion"/>'s path).</summary>
    void InsertSoon(string visitId)
    {
        _insertions.Add(visitId);
        ReplanSoon();
    }

    void ReplanSoon() => _autoTimer = this.ArmOnce(_autoTimer, AutoReplanAsync, TimeSpan.Zero, interleave: true);

    async Task AutoReplanAsync()
    {
        if (_autoRunning)
        {
            _autoAgain = true;
            return;
        }
        _autoRunning = true;
        try
        {
            do
            {
                _autoAgain = false;
                await AutoReplanOnceAsync();
            }
            while (_autoAgain);
        }
        finally
        {
            _autoRunning = false;
        }
    }

    async Task AutoReplanOnceAsync()
    {
        var region = await organization.FindRegionAsync(RegionId);
        if (region is null) return;
        var dispatch = GrainFactory.GetGrain<IDispatchGrain>(RegionId);
        var policies = await Task.WhenAll(region.Branches.Select(b => dispatch.GetPolicy(b.Id)));
        var auto = policies.Where(p => p.Mode == DispatchMode.Auto).Select(p => p.BranchId).ToHashSet();
        var (insertions, whole) = (_insertions.ToList(), _replanWhole);
        _insertions.Clear();
        _replanWhole = false;
        if (auto.Count == 0) return;
        foreach (var visitId in insertions)
            if (Record.Visits.TryGetValue(visitId, out var visit) && visit.State == VisitState.Unplanned && (visit.BranchId is null || auto.Contains(visit.BranchId)))
                await AutoApplyAsync(auto, Options.InsertionTimeLimit, visitId);
        if (whole) await AutoApplyAsync(auto, Options.TimeLimit, null);
    }

    /// <summary>Computes a re-plan of the auto branches (of one visit's neighbourhood when given) and applies it when its figures are better.</summary>
    async Task AutoApplyAsync(IReadOnlySet<string> auto, TimeSpan limit, string? insertion)
    {
        for (var attempt = 0; attempt < AutoAttempts; attempt++)
        {
            var computed = await ComputeAsync(Options.HorizonDays, limit, auto, insertion);
            if (!IsBetter(computed.Proposal.After, computed.Proposal.Before) || computed.Proposal.Moves.IsEmpty) return;
            _proposals[computed.Proposal.Id] = computed;
            try
            {
                // Applied as a call of its own: this timer interleaves, and only a grain call may change and store the plan.
                await this.AsReference<IScheduleGrain>().Apply(computed.Proposal.Id, CaseDecisions.Planner);
                return;
            }
            catch (DomainException conflict) when (conflict.Kind == FailureKind.Conflict)
            {
                // A person (or the field) changed a visit meanwhile: compute again on the new plan, never force.
                LogAutoConflict(logger, RegionId, conflict.Message);
            }
        }
    }

    /// <summary>Issue 18: better is fewer SLA breaches forecast, then fewer unplanned visits, then less travel.</summary>
    public static bool IsBetter(ScheduleFigures after, ScheduleFigures before) =>
        (after.SlaBreachesForecast, after.Unplanned, after.TravelKm).CompareTo((before.SlaBreachesForecast, before.Unplanned, before.TravelKm)) < 0;

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule of region {RegionId}: re-plan of {Visits} visits on {EngineerDays} engineer-days, {Moves} moves, in {Seconds:F2} s")]
    static partial void LogComputed(ILogger logger, string regionId, int visits, int engineerDays, int moves, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule of region {RegionId}: the automatic re-plan met a change and computes again: {Reason}")]
    static partial void LogAutoConflict(ILogger logger, string regionId, string reason);
}
