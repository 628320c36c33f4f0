namespace ServiceGrid.Web.Security;

/// <summary>What a route does, as far as who may do it is concerned; every /api route names exactly one.</summary>
public enum Operation
{
    OpenCase,
    ReadCase,
    ListCases,
    Claim,
    Dispatch,
    /// <summary>Respond, arrive, resolve: the engineer's work on site.</summary>
    WorkCase,
    Close,
    Escalate,
    Reassign,
    Survey,
    Cancel,
    /// <summary>Pause and resume the SLA clocks while the case waits on the customer.</summary>
    Hold,
    ReadOrganization,
    ReadBranchQueue,
    ReadEscalations,
    ReadEngineers,
    ReadEngineer,
    ReportLocation,
    ReadStock,
    ReadCustomer,
    ReadAlerts,
    /// <summary>A board snapshot, and subscribing to the board hub, for one scope.</summary>
    ReadBoard,
    /// <summary>Reserve stock in a depot for a case.</summary>
    ReserveParts,
    /// <summary>Move stock between depots (HQ replenishing branches).</summary>
    TransferParts,
    SetReorderPoint,
    /// <summary>Record a faulty part taken back on a case.</summary>
    TakeBackPart,
    ReadReturn,
    /// <summary>HQ's technical service center: a returned part repaired, then inspected.</summary>
    RepairPart,
    ReadReports,
    /// <summary>A unit of the installed base with its coverage and cases.</summary>
    ReadEquipment,
    CreateContract,
    ReadContract,
    /// <summary>The scheduled preventive inspections of a branch's region.</summary>
    ReadInspections,
    /// <summary>Issue and close a complaint's corrective and preventive action notice.</summary>
    Capa,
    /// <summary>File a relocation's plan.</summary>
    PlanRelocation,
    /// <summary>Approve a relocation's plan: the customer, or the CSC on their behalf.</summary>
    ApproveRelocation,
    /// <summary>Lend and take back a substitute unit.</summary>
    Substitute,
    /// <summary>The engineers recommended for a case.</summary>
    ReadCandidates,
    /// <summary>Pin a case where a person put it, so that the dispatch planner never moves it; and unpin it.</summary>
    Pin,
    /// <summary>A branch's dispatch policy: off, suggest or auto.</summary>
    SetDispatchPolicy,
    /// <summary>An engineer's skills, shifts and capacity.</summary>
    EditEngineerProfile,
    /// <summary>Declare an engineer available, off shift or unavailable.</summary>
    SetAvailability,
    /// <summary>The customer signs the dispatch form on the engineer's phone.</summary>
    SignCase,
    /// <summary>A case's attachment (the signed dispatch form), to those who may read the case.</summary>
    ReadAttachment,
    /// <summary>Find a caller by name, phone, customer id or a unit's serial (the CSC's search index).</summary>
    SearchCustomers,
    /// <summary>Add a contact to an open case instead of opening a duplicate.</summary>
    AddNote,
    /// <summary>Answer a consultation on the spot, which closes it.</summary>
    AnswerConsultation,
    /// <summary>Call-backs, dissatisfied follow-ups and the quarterly follow-up visits.</summary>
    ReadFollowUps,
    /// <summary>Record a dissatisfied customer's investigation or a follow-up visit's outcome.</summary>
    RecordFollowUp,
    /// <summary>A case's engineer on the way: name, arrival estimate, coarse position.</summary>
    TrackCase,
    /// <summary>Book a visit on a case (issue 18).</summary>
    BookVisit,
    /// <summary>Plan a visit by hand (which pins it), unpin it, cancel it.</summary>
    PlanVisit,
    /// <summary>The visit's engineer sets off, arrives, is done.</summary>
    WorkVisit,
    /// <summary>An engineer's planned day.</summary>
    ReadEngineerPlan,
    /// <summary>A region's day on the schedule board.</summary>
    ReadSchedule,
    /// <summary>Propose, apply and discard a region's re-plan.</summary>
    Replan,
    /// <summary>The windows offered to the customer for a visit.</summary>
    ReadSlots,
}
