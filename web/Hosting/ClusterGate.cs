using Microsoft.AspNetCore.Mvc;

namespace ServiceGrid.Web.Hosting;

/// <summary>
/// Until the node is connected to the cluster (<see cref="ClusterConnection"/>), every call that needs grains (the API,
/// sign-in included, and the board hub) is answered as an unreachable cluster is (<see cref="ProblemExceptionHandler"/>):
/// 503 problem details with <c>Retry-After</c>, without an exception or a log line per call. Health, static pages and
/// everything else are served.
/// </summary>
public sealed class ClusterGate(RequestDelegate next, ClusterConnection connection, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (connection.IsConnected || !NeedsCluster(context.Request.Path))
        {
            await next(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = ProblemExceptionHandler.RetryAfterSeconds;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Detail = "This web node is not connected to the service grid yet; retry shortly.",
            },
        });
    }

    static bool NeedsCluster(PathString path) =>
        (path.StartsWithSegments("/api") && !path.StartsWithSegments(ApiDocumentation.ReferencePath))
        || path.StartsWithSegments("/hubs") || path.StartsWithSegments(Security.SecurityExtensions.DashboardPath);
}
