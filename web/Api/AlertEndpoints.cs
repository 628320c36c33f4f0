using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using ServiceGrid.Events;
using ServiceGrid.Web.Security;

namespace ServiceGrid.Web.Api;

/// <summary>Alerts for managers: major cases opened, SLAs at risk or breached, escalations, unhappy customers.</summary>
public static class AlertEndpoints
{
    const int MaxAlerts = 500;

    public static IEndpointRouteBuilder MapAlertApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/alerts").WithTags("Alerts").MapGet("/", ListAlerts).RequireAccess(Operation.ReadAlerts);
        return app;
    }

    /// <summary>The latest alerts raised after <paramref name="since"/> (all retained ones without it), oldest first.</summary>
    static async Task<Results<Ok<ImmutableArray<Alert>>, ValidationProblem>> ListAlerts(string? since, IGrainFactory grains)
    {
        var errors = new RequestErrors();
        var after = errors.Time("since", since, required: false);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        return TypedResults.Ok(await grains.GetGrain<IAlertLogGrain>(GridStreams.AllKey).Since(after, MaxAlerts));
    }
}
