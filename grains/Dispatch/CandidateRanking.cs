using System.Collections.Immutable;
using System.Globalization;
using ServiceGrid.Cases;
using ServiceGrid.Organization;

namespace ServiceGrid.Grains.Dispatch;

/// <summary>What a ranking needs besides the engineers: the clock, the travel times, the settings and the engineers' other jobs.</summary>
public sealed record RankingContext(DateTimeOffset Now, ITravelTimes Travel, DispatchOptions Options, Func<string, CaseView?> FindJob);

/// <summary>
/// Ranks engineers for a case (issue 15), from state already in memory. Never a candidate: an engineer unavailable or
/// off duty, off shift unless on call for a P1/P2, or already at capacity. The rest are ordered: certified and on site
/// in time first, then in time without the certification, then certified but late, then the rest; within each, the
/// earliest arrival (after the jobs they must finish first), then the lightest load.
/// </summary>
public static class CandidateRanking
{
    public static CandidateList Rank(CaseView target, string? skill, IEnumerable<EngineerView> engineers, RankingContext context, int limit)
    {
        var ranked = engineers
            .Select(engineer => Assess(target, skill, engineer, context))
            .OfType<Assessment>()
            .OrderBy(a => a.Tier).ThenBy(a => a.Candidate.EtaOnSite).ThenBy(a => a.Candidate.Load)
            .ThenBy(a => a.Candidate.EngineerId, StringComparer.Ordinal)
            .Take(limit)
            .Select(a => a.Candidate)
            .ToImmutableArray();
        return new CandidateList(ranked, WhyNot(target, ranked, context));
    }

    /// <summary>Whether the engineer may be sent at all now: available (or busy below capacity) and on shift, or on call for a P1/P2.</summary>
    public static bool IsEligible(EngineerView engineer, Severity severity, DateTimeOffset now, string? exceptCaseId = null) =>
        engineer.Status is not (EngineerStatus.OffDuty or EngineerStatus.Unavailable)
        && Load(engineer, exceptCaseId) < engineer.Resource.Capacity
        && (IsWorking(engineer, now) || OnCallFor(engineer, severity));

    sealed record Assessment(int Tier, DispatchCandidate Candidate);

    static Assessment? Assess(CaseView target, string? skill, EngineerView engineer, RankingContext context)
    {
        if (!IsEligible(engineer, target.Severity, context.Now, target.Id)) return null;
        var options = context.Options;
        var (start, from) = FreeAt(engineer, target, context);
        var leg = target.Site is { } site ? context.Travel.Estimate(target.Region, from, site) : new TravelEstimate(0, TimeSpan.Zero);
        var eta = start + leg.Duration;
        var meets = new SlaFit(
            Fits(target.Sla.Response, context.Now + options.ResponseAfterDispatch),
            Fits(target.Sla.Onsite, eta),
            Fits(target.Sla.Resolution, eta + options.JobDuration));
        var skillMatch = skill is null || engineer.Resource.Skills.Contains(skill, StringComparer.OrdinalIgnoreCase);
        var tier = (meets.Onsite, skillMatch) switch { (true, true) => 0, (true, false) => 1, (false, true) => 2, _ => 3 };
        var load = Load(engineer, target.Id);
        var hoursAway = Math.Max(0, (eta - context.Now).TotalHours);
        return new Assessment(tier, new DispatchCandidate
        {
            EngineerId = engineer.Id,
            BranchId = engineer.BranchId,
            // Tiers never overlap (the second term is within (0, 100]), so the score orders like the ranking.
            Score = Math.Round((3 - tier) * 100 + 100 / (1 + hoursAway), 2),
            DistanceKm = Math.Round(leg.DistanceKm, 1),
            TravelMinutes = (int)Math.Ceiling(leg.Duration.TotalMinutes),
            EtaOnSite = eta,
            Meets = meets,
            SkillMatch = skillMatch,
            Load = load,
            Reasons = Reasons(target, skill, engineer, context, eta, leg, skillMatch, load),
        });
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
        if (!IsWorking(engineer, context.Now)) reasons.Add("on call outside shift");
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

    static bool IsWorking(EngineerView engineer, DateTimeOffset now) =>
        engineer.Status != EngineerStatus.OffShift && Shifts.IsOnShift(engineer.Resource.Shifts, now);

    /// <summary>Service plan: a P1 has an emergency contact on duty around the clock; the seed's service is 7×24.</summary>
    static bool OnCallFor(EngineerView engineer, Severity severity) =>
        engineer.Resource.Shifts?.OnCall == true && severity is Severity.P1 or Severity.P2;

    static int Load(EngineerView engineer, string? exceptCaseId) => engineer.Jobs.Count(job => job != exceptCaseId);

    static bool Fits(MilestoneView milestone, DateTimeOffset at) => milestone.Status switch
    {
        MilestoneStatus.Met or MilestoneStatus.NotApplicable or MilestoneStatus.Paused => true,
        MilestoneStatus.Breached => false,
        _ => milestone.DueAt is not { } due || at <= due,
    };

    static string Span(TimeSpan span) => $"{(int)span.TotalHours}h{span.Minutes:00}";

    static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
