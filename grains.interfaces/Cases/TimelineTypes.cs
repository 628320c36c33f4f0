namespace ServiceGrid.Cases;

/// <summary>The <c>type</c> values of timeline entries; clients and reports match on these strings.</summary>
public static class TimelineTypes
{
    public const string Opened = "opened";
    public const string Claimed = "claimed";
    public const string Dispatched = "dispatched";
    public const string Responded = "responded";
    public const string Arrived = "arrived";
    public const string Resolved = "resolved";
    public const string Closed = "closed";
    public const string Cancelled = "cancelled";
    public const string Escalated = "escalated";
    public const string Reassigned = "reassigned";
    public const string Surveyed = "surveyed";
    public const string Paused = "paused";
    public const string Resumed = "resumed";
    public const string SlaAtRisk = "slaAtRisk";
    public const string SlaBreached = "slaBreached";
    public const string CapaIssued = "capaIssued";
    public const string CapaClosed = "capaClosed";
    public const string CapaOverdue = "capaOverdue";
    public const string RelocationPlanned = "relocationPlanned";
    public const string RelocationApproved = "relocationApproved";
    /// <summary>The customer rejected the relocation plan; the reason is the entry's note.</summary>
    public const string RelocationPlanRejected = "relocationPlanRejected";
    public const string SubstituteLent = "substituteLent";
    public const string SubstituteReturned = "substituteReturned";
    /// <summary>A dispatcher pinned the case to its engineer: the planner never moves it.</summary>
    public const string Pinned = "pinned";
    public const string Unpinned = "unpinned";
    public const string TravelStarted = "travelStarted";
    public const string Signed = "signed";
    /// <summary>The customer service center added a contact (a call, an e-mail) to the case instead of opening a duplicate.</summary>
    public const string Note = "note";
    /// <summary>A consultation answered on the spot; the answer is the entry's note.</summary>
    public const string Answered = "answered";
    /// <summary>A visit was booked on the case (issue 18); the entry's <c>visitId</c> names it.</summary>
    public const string VisitBooked = "visitBooked";
    /// <summary>A visit was planned onto an engineer and a start, by hand or by a re-plan.</summary>
    public const string VisitPlanned = "visitPlanned";
    public const string VisitCancelled = "visitCancelled";
    /// <summary>The case moved to another region and took the visit along, unplanned there; the note says from where to where.</summary>
    public const string VisitMoved = "visitMoved";
}
