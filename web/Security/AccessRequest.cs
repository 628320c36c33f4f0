using ServiceGrid.Cases;
using ServiceGrid.Service;

namespace ServiceGrid.Web.Security;

/// <summary>One request as the access rules see it: the user, and lazily the resource the route names.</summary>
public sealed class AccessRequest(GridUser user, EndpointFilterInvocationContext invocation, IGrainFactory grains)
{
    CaseView? _case;
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

    /// <summary>The unit of the route's <c>{serial}</c>; unknown is 404 for everyone.</summary>
    public async ValueTask<EquipmentView> EquipmentAsync() =>
        _equipment ??= await grains.GetGrain<IEquipmentGrain>(Route("serial")!).Get() ?? throw DomainException.NotFound("Equipment", Route("serial")!);

    /// <summary>The contract of the route; unknown is 404 for everyone.</summary>
    public async ValueTask<ContractView> ContractAsync() =>
        _contract ??= await grains.GetGrain<IContractGrain>(RouteId!).Get() ?? throw DomainException.NotFound("Contract", RouteId!);
}
