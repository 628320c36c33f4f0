namespace ServiceGrid.Cases;

/// <summary>
/// Who decided a case's dispatch, read off its timeline (issue 15: a dispatcher's decision always wins, so the planner
/// never moves a case a person dispatched, reassigned or pinned).
/// </summary>
public static class CaseDecisions
{
    /// <summary>The actor the dispatch planner writes on the timeline.</summary>
    public const string Planner = "planner";

    /// <summary>Whether the latest pin or unpin of the case pinned it.</summary>
    public static bool IsPinned(this IEnumerable<TimelineEntry> timeline) =>
        timeline.LastOrDefault(e => e.Type is TimelineTypes.Pinned or TimelineTypes.Unpinned)?.Type == TimelineTypes.Pinned;

    /// <summary>Whether the engineer or branch the case is with now was chosen by a person (the latest dispatch or reassignment).</summary>
    public static bool IsPersonAssigned(this IEnumerable<TimelineEntry> timeline) =>
        timeline.LastOrDefault(e => e.Type is TimelineTypes.Dispatched or TimelineTypes.Reassigned) is { } decision && decision.Actor != Planner;

    /// <summary>Whether the planner may move the case: nobody pinned it and no person chose where it is.</summary>
    public static bool IsPlannable(this CaseView view) => !view.Timeline.IsPinned() && !view.Timeline.IsPersonAssigned();
}
