using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ServiceGrid.Silo.Hosting;

namespace ServiceGrid.Web.Hosting;

public static class HealthEndpoints
{
    const string ReadyTag = "ready";

    public static IServiceCollection AddServiceGridHealthChecks(this IServiceCollection services, ServiceGridHostOptions host)
    {
        var checks = services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster", tags: [ReadyTag]);
        if (host.IsDurable)
            checks.AddCheck("postgres", new PostgresHealthCheck(host.ConnectionString!), tags: [ReadyTag]);
        return services;
    }

    /// <summary>
    /// <c>/health/live</c>: the process answers; <c>/health/ready</c>: it can serve requests (the cluster answers and,
    /// in durable mode, PostgreSQL too).
    /// </summary>
    public static WebApplication MapServiceGridHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return app;
    }
}
