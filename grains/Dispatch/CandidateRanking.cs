using System.Collections.Immutable;
using System.Globalization;
using ServiceGrid.Cases;
using ServiceGrid.Organization;

namespace ServiceGrid.Grains.Dispatch;

/// <summary>
/// What a ranking needs besides the engineers: the clock, the travel times, the settings and the engineers' other jobs; and,
/// from a caller that ranks the same engineers again and again, where it remembers their shifts (null: computed each time).
/// </summary>
public sealed record RankingContext(DateTimeOffset Now, ITravelTimes Travel, DispatchOptions Options, Func<string, CaseView?> FindJob, ShiftStates? ShiftStates = null);

/// <summary>
/// Ranks engineers for a case (issue 15), from state already in memory. Never a candidate: an engineer unavailable or
/// off duty, off shift unless on call for a P1/P2, or already at capacity. The rest are ordered: certified and on site
/// in time first, then in time without the certification, then certified but late, then the rest; within each, the
/// earliest arrival (after the jobs they must finish first), then the lightest load.
/// </summary>
/// <remarks>
/// A region's recommendation ranks hundreds of engineers to answer a handful, so only the order's key (tier, time on
/// site, load, id) is computed for each, the best <c>limit</c> are kept as they come, and the answer's candidates (scores,
/// reasons: strings and time-zone conversions) are built for those alone. An idle engineer whose straight-line lower
/// bound (<see cref="ITravelTimes.LowerBound"/>) already ranks behind the worst one kept is passed over without the full
/// estimate. The order is the same as ranking everyone fully (tests/Dispatch: the pruned ranking equals the unpruned one).
/// </remarks>
public static class CandidateRanking
{
    public static CandidateList Rank(CaseView target, string? skill, IEnumerable<EngineerView> engineers, RankingContext context, int limit)
    {
        var best = new Best(limit);
        var site = target.Site;
        var onsite = target.Sla.Onsite;
        foreach (var engineer in engineers)
        {
            if (!IsEligible(engineer, target.Severity, context.Now, target.Id, context.ShiftStates)) continue;
            var skillMatch = SkillMatch(engineer, skill);
            var load = Load(engineer, target.Id);
            if (best.IsFull && load == 0 && site is { } there)
            {
                var earliest = context.Now + context.Travel.LowerBound(target.Region, engineer.Location, there);
                if (best.Beats(new Key(Tier(Fits(onsite, earliest), skillMatch), earliest, load, engineer.Id))) continue;
            }
            var (start, from) = FreeAt(engineer, target, context);
            var leg = site is { } at ? context.Travel.Estimate(target.Region, from, at) : new TravelEstimate(0, TimeSpan.Zero);
            var eta = start + leg.Duration;
            best.Offer(new Ranked(new Key(Tier(Fits(onsite, eta), skillMatch), eta, load, engineer.Id), engineer, leg, skillMatch));
        }
        var ranked = best.InOrder().Select(r => Candidate(target, skill, r, context)).ToImmutableArray();
        return new CandidateList(ranked, WhyNot(target, ranked, context));
    }

    /// <summary>Whether the engineer may be sent at all now: available (or busy below capacity) and on shift, or on call for a P1/P2.</summary>
    public static bool IsEligible(EngineerView engineer, Severity severity, DateTimeOffset now, string? exceptCaseId = null, ShiftStates? shifts = null) =>
        engineer.Status is not (EngineerStatus.OffDuty or EngineerStatus.Unavailable)
        && Load(engineer, exceptCaseId) < engineer.Resource.Capacity
        && (IsWorking(engineer, now, shifts) || OnCallFor(engineer, severity));

    /// <summary>What orders the candidates: tier, time on site, load, then the id so that the order is total.</summary>
    readonly record struct Key(int Tier, DateTimeOffset Eta, int Load, string EngineerId) : IComparable<Key>
    {
        public int CompareTo(Key other)
        {
            var order = Tier.CompareTo(other.Tier);
            if (order == 0) order = Eta.CompareTo(other.Eta);
            if (order == 0) order = Load.CompareTo(other.Load);
            return order != 0 ? order : string.CompareOrdinal(EngineerId, other.EngineerId);
        }
    }

    readonly record struct Ranked(Key Key, EngineerView Engineer, TravelEstimate Leg, bool SkillMatch);

    /// <summary>The best <c>limit</c> offered so far, kept sorted (a limit is at most a few dozen, so insertion is cheapest).</summary>
    sealed class Best(int limit)
    {
        readonly List<Ranked> _kept = new(Math.Min(Math.Max(limit, 0), 64));

        public bool IsFull => _kept.Count >= limit;

        /// <summary>Whether every kept one ranks before <paramref name="key"/>, so that nothing ranking at or after it can be kept.</summary>
        public bool Beats(Key key) => IsFull && (limit <= 0 || _kept[^1].Key.CompareTo(key) < 0);

        public void Offer(Ranked ranked)
        {
            if (limit <= 0 || Beats(ranked.Key)) return;
            var at = _kept.Count;
            while (at > 0 && _kept[at - 1].Key.CompareTo(ranked.Key) > 0) at--;
            if (IsFull) _kept.RemoveAt(_kept.Count - 1);
            _kept.Insert(at, ranked);
        }

        public List<Ranked> InOrder() => _kept;
    }

    /// <summary>Certified and in time first, then in time without the certification, then certified but late, then the rest.</summary>
    static int Tier(bool onsite, bool skillMatch) => (onsite, skillMatch) switch { (true, true) => 0, (true, false) => 1, (false, true) => 2, _ => 3 };

    static bool SkillMatch(EngineerView engineer, string? skill)
    {
        if (skill is null) return true;
        foreach (var held in engineer.Resource.Skills)
            if (string.Equals(held, skill, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    static DispatchCandidate Candidate(CaseView target, string? skill, Ranked ranked, RankingContext context)
    {
        var (key, engineer, leg, skillMatch) = ranked;
        var options = context.Options;
        var eta = key.Eta;
        var meets = new SlaFit(
            Fits(target.Sla.Response, context.Now + options.ResponseAfterDispatch),
            Fits(target.Sla.Onsite, eta),
            Fits(target.Sla.Resolution, eta + options.JobDuration));
        var hoursAway = Math.Max(0, (eta - context.Now).TotalHours);
        return new DispatchCandidate
        {
            EngineerId = engineer.Id,
            BranchId = engineer.BranchId,
            // Tiers never overlap (the second term is within (0, 100]), so the score orders like the ranking.
            Score = Math.Round((3 - key.Tier) * 100 + 100 / (1 + hoursAway), 2),
            DistanceKm = Math.Round(leg.DistanceKm, 1),
            TravelMinutes = (int)Math.Ceiling(leg.Duration.TotalMinutes),
            EtaOnSite = eta,
            Meets = meets,
            SkillMatch = skillMatch,
            Load = key.Load,
            Reasons = Reasons(target, skill, engineer, context, eta, leg, skillMatch, key.Load),
        };
    }

    /// <summary>When and where the engineer is free: after travelling to and working each job they hold before this one.</summary>
    static (DateTimeOffset At, GeoPoint From) FreeAt(EngineerView engineer, CaseView target, RankingContext context)
    {
        var (at, from) = (context.Now, engineer.Location);
        foreach (var jobId in engineer.Jobs)
        {
            if (jobId == target.Id) continue;
            var job = context.FindJob(jobId);
            if (job?.State == CaseState.OnSite)
                at = Max(at, (job.Sla.Onsite.MetAt ?? at) + context.Options.JobDuration);
            else
                at += (job?.Site is { } site ? context.Travel.Estimate(target.Region, from, site).Duration : TimeSpan.Zero) + context.Options.JobDuration;
            if (job?.Site is { } there) from = there;
        }
        return (at, from);
    }

    static ImmutableArray<string> Reasons(CaseView target, string? skill, EngineerView engineer, RankingContext context,
        DateTimeOffset eta, TravelEstimate leg, bool skillMatch, int load)
    {
        var reasons = ImmutableArray.CreateBuilder<string>();
        string Local(DateTimeOffset at) => Shifts.LocalTime(engineer.Resource.Shifts, context.Options.TimeZone, at);
        if (skill is not null) reasons.Add(skillMatch ? $"certified for {skill}" : $"not certified for {skill}");
        var onsite = target.Sla.Onsite;
        reasons.Add(onsite.DueAt is { } due && onsite.Status is MilestoneStatus.Pending or MilestoneStatus.AtRisk
            ? eta <= due ? $"on site {Local(eta)}, {Span(due - eta)} before the on-site deadline" : $"on site {Local(eta)}, {Span(eta - due)} after the on-site deadline"
            : $"on site {Local(eta)}");
        reasons.Add($"{leg.DistanceKm:0} km, {Math.Ceiling(leg.Duration.TotalMinutes):0} min drive");
        if (!IsWorking(engineer, context.Now, context.ShiftStates)) reasons.Add("on call outside shift");
        else if (Shifts.ShiftEnd(engineer.Resource.Shifts, context.Now) is { } end && end < eta + context.Options.JobDuration)
            reasons.Add($"off shift at {Local(end)}");
        reasons.Add(load switch { 0 => "no open jobs", 1 => "1 open job", _ => $"{load} open jobs" });
        return reasons.ToImmutable();
    }

    static string? WhyNot(CaseView target, ImmutableArray<DispatchCandidate> ranked, RankingContext context)
    {
        if (ranked.IsEmpty) return "No engineer is available, on shift (or on call for a P1/P2) and below capacity.";
        if (ranked.All(c => !c.Meets.Onsite) && target.Sla.Onsite.DueAt is { } due)
            return $"No engineer can be on site before the on-site deadline ({due.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture)}).";
        return null;
    }

    static bool IsWorking(EngineerView engineer, DateTimeOffset now, ShiftStates? shifts) =>
        engineer.Status != EngineerStatus.OffShift
        && (shifts?.IsOnShift(engineer, now) ?? Shifts.IsOnShift(engineer.Resource.Shifts, now));

    /// <summary>Service plan: a P1 has an emergency contact on duty around the clock; the seed's service is 7×24.</summary>
    static bool OnCallFor(EngineerView engineer, Severity severity) =>
        engineer.Resource.Shifts?.OnCall == true && severity is Severity.P1 or Severity.P2;

    static int Load(EngineerView engineer, string? exceptCaseId)
    {
        var load = engineer.Jobs.Length;
        if (exceptCaseId is not null && engineer.Jobs.Contains(exceptCaseId)) load--;
        return load;
    }

    static bool Fits(MilestoneView milestone, DateTimeOffset at) => milestone.Status switch
    {
        MilestoneStatus.Met or MilestoneStatus.NotApplicable or MilestoneStatus.Paused => true,
        MilestoneStatus.Breached => false,
        _ => milestone.DueAt is not { } due || at <= due,
    };

    static string Span(TimeSpan span) => $"{(int)span.TotalHours}h{span.Minutes:00}";

    static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
