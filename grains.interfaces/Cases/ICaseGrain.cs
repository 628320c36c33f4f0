using Orleans.Concurrency;

namespace ServiceGrid.Cases;

/// <summary>
/// One service case: the single writer of its state, its SLA clock and its timeline.
/// Commands throw <see cref="DomainException"/> when the case is unknown or the command is not allowed.
/// </summary>
[Alias("ServiceGrid.ICaseGrain")]
public interface ICaseGrain : IGrainWithStringKey
{
    /// <summary>Opens the case; a repeated open of the same id answers the case as first opened.</summary>
    [Alias("Open")] Task<CaseView> Open(OpenCase command);
    /// <summary>The case, or null when no case has this id.</summary>
    [Alias("Get")] Task<CaseView?> Get();
    [Alias("Claim")] Task<CaseView> Claim(string branchId, string actor);
    [Alias("Dispatch")] Task<CaseView> Dispatch(string engineerId, string actor);
    [Alias("Respond")] Task<CaseView> Respond(string note, string actor);
    [Alias("Arrive")] Task<CaseView> Arrive(string actor);
    [Alias("Resolve")] Task<CaseView> Resolve(ResolveCase command);
    [Alias("Close")] Task<CaseView> Close(string actor);
    [Alias("Escalate")] Task<CaseView> Escalate(string reason, string actor);
    [Alias("Reassign")] Task<CaseView> Reassign(ReassignCase command);
    [Alias("Survey")] Task<CaseView> Survey(int score, string? comment, string actor);
    [Alias("Cancel")] Task<CaseView> Cancel(string reason, string actor);
    [Alias("Pause")] Task<CaseView> Pause(string reason, string actor);
    [Alias("Resume")] Task<CaseView> Resume(string reason, string actor);
    /// <summary>Raises a complaint's corrective and preventive action notice; refused (422) on other kinds.</summary>
    [Alias("IssueCapa")] Task<CaseView> IssueCapa(string department, string action, DateTimeOffset dueAt, string actor);
    /// <summary>The department reports the corrective action done; the notice can no longer become overdue.</summary>
    [Alias("CloseCapa")] Task<CaseView> CloseCapa(string outcome, string actor);
    /// <summary>Files (or, before approval, replaces) a relocation's plan; refused (422) on other kinds.</summary>
    [Alias("PlanRelocation")] Task<CaseView> PlanRelocation(RelocationPlan plan, string actor);
    /// <summary>The customer (or the CSC on their behalf) approves the plan; a relocation is dispatched only after that.</summary>
    [Alias("ApproveRelocation")] Task<CaseView> ApproveRelocation(string actor);
    /// <summary>Lends a substitute unit while the customer's own is away.</summary>
    [Alias("LendSubstitute")] Task<CaseView> LendSubstitute(string serial, string actor);
    /// <summary>The substitute unit comes back.</summary>
    [Alias("ReturnSubstitute")] Task<CaseView> ReturnSubstitute(string actor);
    /// <summary>
    /// The customer service center adds a contact to a case still being worked (the caller asked again, sent more
    /// details) instead of opening a duplicate; refused (409) on a closed or cancelled case.
    /// </summary>
    [Alias("AddNote")] Task<CaseView> AddNote(string note, string actor);
    /// <summary>
    /// A consultation answered on the spot: the answer goes on the timeline and the case closes at once. Refused (422) on
    /// other kinds and (409) once a branch has sent an engineer; repeating the same answer on the closed case answers it.
    /// </summary>
    [Alias("AnswerConsultation")] Task<CaseView> AnswerConsultation(string answer, string actor);
    /// <summary>Applies every SLA transition that is due; safe to call any number of times.</summary>
    [Alias("CheckDeadlines")] Task CheckDeadlines();
    /// <summary>
    /// The query tables hold this case's row at <paramref name="version"/> or later and every timeline entry up to it
    /// (sent by the projection after its transaction commits). Until then the case announces the rest again.
    /// </summary>
    [OneWay, Alias("ProjectedUpTo")] Task ProjectedUpTo(int version);
    /// <summary>
    /// The dispatch planner's decision, made on <see cref="Organization.PlannedDispatch.ExpectedVersion"/>: claims an open case
    /// for the engineer's branch, dispatches a claimed one, or moves a dispatched one to another engineer. Refused (409) when
    /// the case changed since, is pinned, or a person chose its engineer: a person's decision always wins.
    /// </summary>
    [Alias("Plan")] Task<CaseView> Plan(Organization.PlannedDispatch plan);
    /// <summary>Keeps the case where a person put it: the planner never moves a pinned case. Pinning it again changes nothing.</summary>
    [Alias("Pin")] Task<CaseView> Pin(string actor);
    [Alias("Unpin")] Task<CaseView> Unpin(string actor);
    /// <summary>The engineer sets off to the site (after responding, before arriving): a timeline entry, no milestone.</summary>
    [Alias("StartTravel")] Task<CaseView> StartTravel(string actor);
    /// <summary>
    /// The customer signed the dispatch form; the image is an attachment stored before this call
    /// (<see cref="IAttachmentStore"/>), the case records who signed and the attachment's id.
    /// </summary>
    [Alias("Sign")] Task<CaseView> Sign(string signerName, string attachmentId, string actor);
    /// <summary>
    /// Records a visit of the case on its timeline (<see cref="TimelineTypes.VisitBooked"/>, <see cref="TimelineTypes.VisitPlanned"/>,
    /// <see cref="TimelineTypes.VisitCancelled"/>) and keeps its id; sent by the region's schedule, which owns the visit.
    /// </summary>
    [Alias("RecordVisit")] Task<CaseView> RecordVisit(string visitId, string type, string actor, string? note);
}

/// <summary>Opens at most one case per idempotency key, however often and however concurrently it is retried.</summary>
[Alias("ServiceGrid.IIntakeGrain")]
public interface IIntakeGrain : IGrainWithStringKey
{
    /// <summary>Opens the case on first call; later calls with the same request answer that case.</summary>
    [Alias("Open")] Task<IntakeResult> Open(string newCaseId, OpenCase command);
}

/// <summary>The case an intake produced and whether this call created it.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.IntakeResult")]
public sealed record IntakeResult([property: Id(0)] CaseView Case, [property: Id(1)] bool Created);
