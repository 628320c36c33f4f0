using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ServiceGrid.Events;
using ServiceGrid.Grains.Organization;

namespace ServiceGrid.Silo.Hosting;

/// <summary>How a process that hosts no silo (the web tier in <c>external</c> mode) joins the cluster as a client.</summary>
public static class ClientConfiguration
{
    public static IClientBuilder ConfigureServiceGridClient(this IClientBuilder client, IConfiguration configuration)
    {
        var host = ServiceGridHostOptions.From(configuration);
        client.Services.Configure<ClusterOptions>(host.NameCluster);
        if (host.IsDurable)
        {
            client.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (SiloConfiguration.AdoNetInvariant, host.PooledConnectionString));
            client.Services.AddMembershipRecoveryClient(configuration);
        }
        else
            client.UseLocalhostClustering(host.GatewayPort, host.ServiceId, host.ClusterId);
        client.UseConnectionRetryFilter<ClusterConnectionRetry>();
        client.AddMemoryStreams(GridStreams.Provider);
        client.Services.AddSingleton<OrganizationDirectory>();
        client.Services.AddDatabaseExceptionSerialization();
        client.AddGrainCallTracing();
        client.AddGridDashboard(configuration);
        return client;
    }
}
