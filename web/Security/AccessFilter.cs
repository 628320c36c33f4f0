namespace ServiceGrid.Web.Security;

/// <summary>Runs the route's <see cref="AccessRules"/> row before the handler; refusals are 403 problem details.</summary>
public sealed class AccessFilter(Operation operation) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var user = GridUser.From(context.HttpContext.User) ?? throw DomainException.Forbidden("The signed-in identity has no ServiceGrid role.");
        var grains = context.HttpContext.RequestServices.GetRequiredService<IGrainFactory>();
        if (!await AccessRules.AllowsAsync(operation, new AccessRequest(user, context, grains)))
            throw DomainException.Forbidden($"Role '{user.Role}' may not {operation} here.");
        return await next(context);
    }
}

/// <summary>Marks a route with the operation it performs, for the filter and for the authorization matrix test.</summary>
public sealed record AccessMetadata(Operation Operation);

public static class AccessEndpointExtensions
{
    /// <summary>Signed-in users only, and only those the <see cref="AccessRules"/> row of <paramref name="operation"/> allows.</summary>
    public static RouteHandlerBuilder RequireAccess(this RouteHandlerBuilder route, Operation operation) =>
        route.RequireAuthorization()
            .WithMetadata(new AccessMetadata(operation))
            .AddEndpointFilter(new AccessFilter(operation));
}
