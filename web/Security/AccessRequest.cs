using ServiceGrid.Cases;
using ServiceGrid.Organization;
using ServiceGrid.Parts;
using ServiceGrid.Web.Api;
using ServiceGrid.Service;

namespace ServiceGrid.Web.Security;

/// <summary>One request as the access rules see it: the user, and lazily the resource the route names.</summary>
public sealed class AccessRequest(GridUser user, EndpointFilterInvocationContext invocation, IGrainFactory grains)
{
    CaseView? _case;
    CaseView? _bodyCase;
    EquipmentView? _equipment;
    ContractView? _contract;

    public GridUser User => user;

    /// <summary>The <c>{id}</c> of the route.</summary>
    public string? RouteId => Route("id");

    public string? Route(string name) => invocation.HttpContext.Request.RouteValues[name] as string;

    public string? Query(string name) => invocation.HttpContext.Request.Query[name].FirstOrDefault();

    public T? Argument<T>() where T : class => invocation.Arguments.OfType<T>().FirstOrDefault();

    /// <summary>The case of the route; an unknown case is 404 for everyone, whatever the role.</summary>
    public async ValueTask<CaseView> CaseAsync() =>
        _case ??= await grains.GetGrain<ICaseGrain>(RouteId!).Get() ?? throw DomainException.NotFound("Case", RouteId!);

    /// <summary>The case a request body names in <c>caseId</c>; null when the id is missing or malformed (the handler answers 400).</summary>
    public async ValueTask<CaseView?> BodyCaseAsync()
    {
        var caseId = Argument<ICaseReference>()?.CaseId?.Trim();
        if (caseId is null || !GridIdConstraint.IsValid(caseId)) return null;
        return _bodyCase ??= await grains.GetGrain<ICaseGrain>(caseId).Get() ?? throw DomainException.NotFound("Case", caseId);
    }

    /// <summary>The return of the route; an unknown return is 404 for everyone.</summary>
    public async ValueTask<ReturnView> ReturnAsync() =>
        await grains.GetGrain<IReturnGrain>(RouteId!).Get() ?? throw DomainException.NotFound("Return", RouteId!);

    /// <summary>The depot of the user's branch, if the user is limited to a branch.</summary>
    public async ValueTask<string?> BranchDepotAsync() =>
        User.BranchId is { } branchId
            ? (await invocation.HttpContext.RequestServices.GetRequiredService<IOrganizationDirectory>().FindBranchAsync(branchId))?.DepotId
            : null;
    /// <summary>The unit of the route's <c>{serial}</c>; unknown is 404 for everyone.</summary>
    public async ValueTask<EquipmentView> EquipmentAsync() =>
        _equipment ??= await grains.GetGrain<IEquipmentGrain>(Route("serial")!).Get() ?? throw DomainException.NotFound("Equipment", Route("serial")!);

    /// <summary>The engineer of the route; an unknown engineer is 404 for everyone.</summary>
    public async ValueTask<EngineerView> EngineerAsync() =>
        await grains.GetGrain<IEngineerGrain>(RouteId!).Get() ?? throw DomainException.NotFound("Engineer", RouteId!);

    /// <summary>The visit of the route's <c>{visitId}</c> on its case; unknown is 404 for everyone.</summary>
    public async ValueTask<Schedule.VisitView> VisitAsync()
    {
        var view = await CaseAsync();
        var visits = await grains.GetGrain<Schedule.IScheduleGrain>(view.Region).GetVisits(view.Id);
        return visits.FirstOrDefault(v => v.Id == Route("visitId")) ?? throw DomainException.NotFound("Visit", Route("visitId") ?? "");
    }

    /// <summary>The contract of the route; unknown is 404 for everyone.</summary>
    public async ValueTask<ContractView> ContractAsync() =>
        _contract ??= await grains.GetGrain<IContractGrain>(RouteId!).Get() ?? throw DomainException.NotFound("Contract", RouteId!);
}
