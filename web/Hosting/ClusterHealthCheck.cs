using Microsoft.Extensions.Diagnostics.HealthChecks;
using ServiceGrid.Organization;

namespace ServiceGrid.Web.Hosting;

/// <summary>Ready when the node is connected, a grain call reaches the cluster and the organization it serves is loaded.</summary>
public sealed class ClusterHealthCheck(IGrainFactory grains, ClusterConnection connection) : IHealthCheck
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!connection.IsConnected) return HealthCheckResult.Unhealthy("Not connected to the cluster yet.");
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
