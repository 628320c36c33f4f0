using Microsoft.Extensions.Configuration;
using Orleans.Dashboard;

namespace ServiceGrid.Silo.Hosting;

/// <summary>
/// Orleans' dashboard (grains, silos, their load): every silo collects its figures, and a web node (cohosted or a
/// cluster client) serves the pages at <c>/dashboard</c> to HQ (web/Hosting/DashboardEndpoints). <c>ServiceGrid:Dashboard:Enabled</c>
/// turns it off on every process at once; the profiler it adds to every grain call is then gone too.
/// </summary>
public static class GridDashboard
{
    public const string EnabledKey = "ServiceGrid:Dashboard:Enabled";

    public static bool IsEnabled(IConfiguration configuration) => configuration.GetValue(EnabledKey, defaultValue: true);

    public static ISiloBuilder AddGridDashboard(this ISiloBuilder silo, IConfiguration configuration) =>
        IsEnabled(configuration) ? silo.AddDashboard() : silo;

    public static IClientBuilder AddGridDashboard(this IClientBuilder client, IConfiguration configuration) =>
        IsEnabled(configuration) ? client.AddDashboard() : client;
}
