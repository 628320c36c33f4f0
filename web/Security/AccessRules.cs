using System.Collections.Frozen;
using ServiceGrid.Board;
using ServiceGrid.Events;
using ServiceGrid.Cases;
using ServiceGrid.Web.Api;
using Check = System.Func<ServiceGrid.Web.Security.AccessRequest, System.Threading.Tasks.ValueTask<bool>>;

namespace ServiceGrid.Web.Security;

/// <summary>
/// Who may do what (API.md "Sign-in and roles"), in one table: per operation, the roles that may do it and, for
/// roles limited to a branch, an engineer or a customer, the check of the resource. A role absent from an
/// operation's row is refused (403).
/// </summary>
public static class AccessRules
{
    static readonly Check Always = _ => ValueTask.FromResult(true);

    static readonly FrozenDictionary<Operation, FrozenDictionary<string, Check>> Table = new Dictionary<Operation, FrozenDictionary<string, Check>>
    {
        [Operation.OpenCase] = Row(Staff, When(Roles.Customer, r => Is(r.Argument<OpenCaseRequest>()?.CustomerId, r.User.CustomerId))),
        [Operation.ReadCase] = Row(Staff,
            When(Roles.Branch, CaseVisible), When(Roles.Engineer, CaseVisible), When(Roles.Customer, CaseVisible)),
        [Operation.ListCases] = Row(Staff, When(Roles.Branch, Always), When(Roles.Engineer, Always), When(Roles.Customer, Always)),
        [Operation.Claim] = Row([Roles.Headquarters], When(Roles.Branch, r => Is(r.Argument<ClaimRequest>()?.BranchId, r.User.BranchId))),
        [Operation.Dispatch] = Row([Roles.Headquarters], When(Roles.Branch, HeldByBranch)),
        [Operation.WorkCase] = Row([Roles.Headquarters], When(Roles.Branch, HeldByBranch), When(Roles.Engineer, AssignedToEngineer)),
        [Operation.Close] = Row(Staff, When(Roles.Branch, HeldByBranch)),
        [Operation.Escalate] = Row(Staff, When(Roles.Branch, HeldByBranch), When(Roles.Engineer, AssignedToEngineer)),
        // A branch moves a case it holds among its own engineers (accepting the planner's proposal), never to another branch.
        [Operation.Reassign] = Row([Roles.Headquarters],
            When(Roles.Branch, async r => Is(r.Argument<ReassignRequest>()?.BranchId, r.User.BranchId) && await HeldByBranch(r))),
        [Operation.Survey] = Row(Staff, When(Roles.Customer, CaseVisible)),
        [Operation.Cancel] = Row(Staff),
        [Operation.Hold] = Row(Staff, When(Roles.Branch, HeldByBranch), When(Roles.Engineer, AssignedToEngineer)),
        [Operation.ReadOrganization] = Row(Staff, When(Roles.Branch, Always), When(Roles.Engineer, Always)),
        [Operation.ReadBranchQueue] = Row(Staff, When(Roles.Branch, r => Is(r.RouteId, r.User.BranchId))),
        [Operation.ReadEscalations] = Row(Staff),
        [Operation.ReadEngineers] = Row(Staff, When(Roles.Branch, r => Is(r.Query("branchId"), r.User.BranchId))),
        [Operation.ReadEngineer] = Row(Staff, When(Roles.Engineer, r => Is(r.RouteId, r.User.EngineerId))),
        [Operation.ReportLocation] = Row([Roles.Headquarters], When(Roles.Engineer, r => Is(r.RouteId, r.User.EngineerId))),
        [Operation.ReadStock] = Row(Staff, When(Roles.Branch, Always), When(Roles.Engineer, Always)),
        [Operation.ReadCustomer] = Row(Staff, When(Roles.Customer, r => Is(r.RouteId, r.User.CustomerId))),
        [Operation.ReadBoard] = Row(Staff, When(Roles.Branch, r => MayWatchBoard(r.User, r.Query("scope")))),
        [Operation.ReadAlerts] = Row(Staff),
        [Operation.ReserveParts] = Row([Roles.Headquarters],
            When(Roles.Branch, async r => await OwnDepot(r) && await BodyCaseHeldByBranch(r)),
            When(Roles.Engineer, BodyCaseAssignedToEngineer)),
        [Operation.TransferParts] = Row([Roles.Headquarters]),
        [Operation.SetReorderPoint] = Row([Roles.Headquarters]),
        [Operation.TakeBackPart] = Row([Roles.Headquarters], When(Roles.Branch, BodyCaseHeldByBranch), When(Roles.Engineer, BodyCaseAssignedToEngineer)),
        [Operation.ReadReturn] = Row([Roles.Headquarters], When(Roles.Branch, async r => Is((await r.ReturnAsync()).BranchId, r.User.BranchId))),
        [Operation.RepairPart] = Row([Roles.Headquarters]),
        [Operation.ReadReports] = Row(Staff),
        [Operation.ReadEquipment] = Row(Staff, When(Roles.Customer, async r => Is((await r.EquipmentAsync()).CustomerId, r.User.CustomerId))),
        [Operation.CreateContract] = Row(Staff),
        [Operation.ReadContract] = Row(Staff, When(Roles.Customer, async r => Is((await r.ContractAsync()).CustomerId, r.User.CustomerId))),
        [Operation.ReadInspections] = Row(Staff, When(Roles.Branch, r => Is(r.Query("branchId"), r.User.BranchId))),
        [Operation.Capa] = Row(Staff),
        [Operation.PlanRelocation] = Row([Roles.Headquarters], When(Roles.Branch, HeldByBranch)),
        [Operation.ApproveRelocation] = Row(Staff, When(Roles.Customer, CaseVisible)),
        [Operation.Substitute] = Row([Roles.Headquarters], When(Roles.Branch, HeldByBranch)),
        // A branch: the cases it holds, and the open ones of its region's pool it could claim.
        [Operation.ReadCandidates] = Row(Staff, When(Roles.Branch, CaseVisible)),
        [Operation.Pin] = Row([Roles.Headquarters], When(Roles.Branch, HeldByBranch)),
        [Operation.SetDispatchPolicy] = Row([Roles.Headquarters], When(Roles.Branch, r => Is(r.RouteId, r.User.BranchId))),
        [Operation.EditEngineerProfile] = Row([Roles.Headquarters], When(Roles.Branch, EngineerOfBranch)),
        [Operation.SetAvailability] = Row([Roles.Headquarters], When(Roles.Branch, EngineerOfBranch), When(Roles.Engineer, r => Is(r.RouteId, r.User.EngineerId))),
        [Operation.SignCase] = Row([Roles.Headquarters], When(Roles.Branch, HeldByBranch), When(Roles.Engineer, AssignedToEngineer)),
        [Operation.ReadAttachment] = Row(Staff,
            When(Roles.Branch, CaseVisible), When(Roles.Engineer, AssignedToEngineer), When(Roles.Customer, CaseVisible)),
        [Operation.SearchCustomers] = Row(Staff),
        [Operation.AddNote] = Row(Staff, When(Roles.Customer, CaseVisible)),
        [Operation.AnswerConsultation] = Row(Staff),
        [Operation.ReadFollowUps] = Row(Staff),
        [Operation.RecordFollowUp] = Row(Staff),
        [Operation.TrackCase] = Row(Staff, When(Roles.Customer, CaseVisible)),
        // Issue 18. A branch: the cases it holds, and those of its region's pool.
        [Operation.BookVisit] = Row(Staff, When(Roles.Branch, CaseVisible)),
        [Operation.PlanVisit] = Row([Roles.Headquarters], When(Roles.Branch, CaseVisible)),
        [Operation.WorkVisit] = Row([Roles.Headquarters], When(Roles.Engineer, async r => Is((await r.VisitAsync()).EngineerId, r.User.EngineerId))),
        [Operation.ReadEngineerPlan] = Row(Staff, When(Roles.Branch, EngineerOfBranch), When(Roles.Engineer, r => Is(r.RouteId, r.User.EngineerId))),
        [Operation.ReadSchedule] = Row([Roles.Headquarters], When(Roles.Branch, r => Is(r.RouteId, r.User.RegionId))),
        [Operation.Replan] = Row([Roles.Headquarters], When(Roles.Branch, r => Is(r.RouteId, r.User.RegionId))),
        [Operation.ReadSlots] = Row(Staff, When(Roles.Branch, CaseVisible), When(Roles.Customer, CaseVisible)),
    }.ToFrozenDictionary();

    /// <summary>HQ and the customer service center see and track everything.</summary>
    static string[] Staff => [Roles.Headquarters, Roles.CustomerService];

    public static async ValueTask<bool> AllowsAsync(Operation operation, AccessRequest request) =>
        Table[operation].TryGetValue(request.User.Role, out var check) && await check(request);

    public static bool Covers(Operation operation) => Table.ContainsKey(operation);

    /// <summary>What of the cases a user sees: null for staff, else their branch (within its region), their assignments or their own.</summary>
    public static CaseAudience? AudienceOf(GridUser user) => user.Role switch
    {
        Roles.Branch => new CaseAudience(BranchId: user.BranchId ?? ""),
        Roles.Engineer => new CaseAudience(EngineerId: user.EngineerId ?? ""),
        Roles.Customer => new CaseAudience(CustomerId: user.CustomerId ?? ""),
        _ => null,
    };

    static async ValueTask<bool> CaseVisible(AccessRequest request)
    {
        var view = await request.CaseAsync();
        return (!request.User.Is(Roles.Branch) || view.Region == request.User.RegionId) && view.IsVisibleTo(AudienceOf(request.User));
    }

    /// <summary>The route's depot is the one of the user's branch.</summary>
    static async ValueTask<bool> OwnDepot(AccessRequest request) => Is(request.RouteId, await request.BranchDepotAsync());

    /// <summary>The case named in the body (<c>caseId</c>) is held by the user's branch; a missing or malformed id is left to the handler's 400.</summary>
    static async ValueTask<bool> BodyCaseHeldByBranch(AccessRequest request) =>
        await request.BodyCaseAsync() is not { } view || Is(view.BranchId, request.User.BranchId);

    static async ValueTask<bool> BodyCaseAssignedToEngineer(AccessRequest request) =>
        await request.BodyCaseAsync() is not { } view || Is(view.EngineerId, request.User.EngineerId);

    static async ValueTask<bool> HeldByBranch(AccessRequest request) => Is((await request.CaseAsync()).BranchId, request.User.BranchId);

    static async ValueTask<bool> EngineerOfBranch(AccessRequest request) => Is((await request.EngineerAsync()).BranchId, request.User.BranchId);

    static async ValueTask<bool> AssignedToEngineer(AccessRequest request) => Is((await request.CaseAsync()).EngineerId, request.User.EngineerId);

    /// <summary>
    /// The board scopes a user may watch, for the snapshot and the hub alike: staff any, a branch its own, a customer their
    /// own feed. An engineer's app follows its branch's scope on the hub for its own jobs' changes (the snapshot's row
    /// refuses engineers).
    /// </summary>
    public static bool MayWatchBoard(GridUser user, string? scope) =>
        Staff.Contains(user.Role)
        || (user.Role is Roles.Branch or Roles.Engineer && user.BranchId is not null && scope == BoardScopes.Branch(user.BranchId))
        || (user.Is(Roles.Customer) && user.CustomerId is not null && scope == BoardScopes.Customer(user.CustomerId));

    static bool Is(string? value, string? own) => own is not null && string.Equals(value?.Trim(), own, StringComparison.Ordinal);

    static (string Role, Check Check) When(string role, Check check) => (role, check);

    static (string Role, Check Check) When(string role, Func<AccessRequest, bool> check) => (role, r => ValueTask.FromResult(check(r)));

    static FrozenDictionary<string, Check> Row(string[] unrestricted, params (string Role, Check Check)[] limited) =>
        unrestricted.Select(role => (Role: role, Check: Always)).Concat(limited).ToFrozenDictionary(x => x.Role, x => x.Check);
}
