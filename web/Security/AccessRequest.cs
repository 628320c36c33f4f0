using ServiceGrid.Cases;
using ServiceGrid.Grains.Organization;
using ServiceGrid.Parts;
using ServiceGrid.Web.Api;

namespace ServiceGrid.Web.Security;

/// <summary>One request as the access rules see it: the user, and lazily the resource the route names.</summary>
public sealed class AccessRequest(GridUser user, EndpointFilterInvocationContext invocation, IGrainFactory grains)
{
    CaseView? _case;
    CaseView? _bodyCase;

    public GridUser User => user;

    /// <summary>The <c>{id}</c> of the route.</summary>
    public string? RouteId => invocation.HttpContext.Request.RouteValues["id"] as string;

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
            ? (await invocation.HttpContext.RequestServices.GetRequiredService<OrganizationDirectory>().FindBranchAsync(branchId))?.DepotId
            : null;
}
