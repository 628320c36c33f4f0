using Microsoft.Extensions.Diagnostics.HealthChecks;
using ServiceGrid.Organization;

namespace ServiceGrid.Web.Hosting;

/// <summary>Ready when a grain call reaches the cluster and the organization it serves is loaded.</summary>
public sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var chart = await grains.GetGrain<IOrganizationGrain>(IOrganizationGrain.Key).Get().WaitAsync(Timeout, cancellationToken);
            return chart.Regions.IsEmpty
                ? HealthCheckResult.Degraded("The cluster answers but no organization is defined yet.")
                : HealthCheckResult.Healthy($"{chart.Regions.Length} regions");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The cluster does not answer.", exception);
        }
    }
}
