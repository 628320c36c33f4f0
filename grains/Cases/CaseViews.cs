using ServiceGrid.Cases;
using ServiceGrid.Events;
using ServiceGrid.Grains.Sla;

namespace ServiceGrid.Grains.Cases;

/// <summary>Facts read off a case view by queues, boards and reports.</summary>
public static class CaseViews
{
    public static bool IsActive(this CaseView view) => CaseTransitions.Active.Contains(view.State);

    /// <summary>The earliest due time among milestones still running, if any.</summary>
    public static DateTimeOffset? NextDueAt(this CaseView view) =>
        SlaClocks.Milestones
            .Select(milestone => Milestone(view.Sla, milestone))
            .Where(m => m.Status is MilestoneStatus.Pending or MilestoneStatus.AtRisk)
            .Min(m => m.DueAt);

    public static bool IsBreached(this CaseView view) =>
        SlaClocks.Milestones.Any(milestone => Milestone(view.Sla, milestone).Status == MilestoneStatus.Breached);

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
