using ServiceGrid.Cases;

namespace ServiceGrid.Web.Security;

/// <summary>One request as the access rules see it: the user, and lazily the resource the route names.</summary>
public sealed class AccessRequest(GridUser user, EndpointFilterInvocationContext invocation, IGrainFactory grains)
{
    CaseView? _case;

    public GridUser User => user;

    /// <summary>The <c>{id}</c> of the route.</summary>
    public string? RouteId => invocation.HttpContext.Request.RouteValues["id"] as string;

    public string? Query(string name) => invocation.HttpContext.Request.Query[name].FirstOrDefault();

    public T? Argument<T>() where T : class => invocation.Arguments.OfType<T>().FirstOrDefault();

    /// <summary>The case of the route; an unknown case is 404 for everyone, whatever the role.</summary>
    public async ValueTask<CaseView> CaseAsync() =>
        _case ??= await grains.GetGrain<ICaseGrain>(RouteId!).Get() ?? throw DomainException.NotFound("Case", RouteId!);
}
