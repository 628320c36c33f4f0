using System.Collections.Frozen;
using ServiceGrid.Events;

namespace ServiceGrid.Cases;

/// <summary>
/// Facts read off a case view by queues, boards, lists and reports: the contract's orders (API.md: lists newest first,
/// HQ's inbox breached first) and <see cref="CaseAudience"/>'s rule, defined once for the grains and the web alike.
/// </summary>
public static class CaseViews
{
    /// <summary>States in which a case is still being worked (API.md "States": before resolved, and not cancelled).</summary>
    public static readonly FrozenSet<CaseState> ActiveStates =
        new[] { CaseState.Open, CaseState.Claimed, CaseState.Dispatched, CaseState.Responded, CaseState.OnSite }.ToFrozenSet();

    static readonly Milestone[] Milestones = Enum.GetValues<Milestone>();

    public static bool IsActive(this CaseView view) => ActiveStates.Contains(view.State);

    /// <summary>The earliest due time among milestones still running, if any.</summary>
    public static DateTimeOffset? NextDueAt(this CaseView view) =>
        Milestones
            .Select(milestone => Milestone(view.Sla, milestone))
            .Where(m => m.Status is MilestoneStatus.Pending or MilestoneStatus.AtRisk)
            .Min(m => m.DueAt);

    public static bool IsBreached(this CaseView view) =>
        Milestones.Any(milestone => Milestone(view.Sla, milestone).Status == MilestoneStatus.Breached);

    /// <summary>Whether the case is one the audience may see (a branch only within its region: the caller checks that).</summary>
    public static bool IsVisibleTo(this CaseView view, CaseAudience? audience) =>
        audience is null
        || ((audience.BranchId is null || view.BranchId == audience.BranchId || (view.State == CaseState.Open && view.BranchId is null))
            && (audience.EngineerId is null || view.EngineerId == audience.EngineerId)
            && (audience.CustomerId is null || view.CustomerId == audience.CustomerId));

    /// <summary>The order of every case list: newest first, ids breaking ties so pages never overlap.</summary>
    public static IOrderedEnumerable<CaseView> NewestFirst(this IEnumerable<CaseView> cases) =>
        cases.OrderByDescending(c => c.OpenedAt).ThenByDescending(c => c.Id, StringComparer.Ordinal);

    /// <summary>The order of HQ's inbox: breached cases first, then by the next deadline.</summary>
    public static IOrderedEnumerable<CaseView> BreachedFirst(this IEnumerable<CaseView> cases) =>
        cases.OrderByDescending(c => c.IsBreached()).ThenBy(c => c.NextDueAt() ?? DateTimeOffset.MaxValue);

    public static MilestoneView Milestone(this SlaView sla, Milestone milestone) => milestone switch
    {
        ServiceGrid.Cases.Milestone.Response => sla.Response,
        ServiceGrid.Cases.Milestone.Onsite => sla.Onsite,
        _ => sla.Resolution,
    };
}
