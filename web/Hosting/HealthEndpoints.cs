using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ServiceGrid.Web.Hosting;

public static class HealthEndpoints
{
    const string ReadyTag = "ready";

    public static IServiceCollection AddServiceGridHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster", tags: [ReadyTag]);
        return services;
    }

    /// <summary><c>/health/live</c>: the process answers; <c>/health/ready</c>: it can serve requests (the cluster answers).</summary>
    public static WebApplication MapServiceGridHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return app;
    }
}
