using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ServiceGrid.Silo.Hosting;

namespace ServiceGrid.Tests.Persistence;

/// <summary>A standalone silo as <c>SiloHost</c> builds it, in durable mode against one test database, on free ports.</summary>
sealed class DurableSilo : IAsyncDisposable
{
    readonly IHost _host;

    DurableSilo(IHost host, int siloPort) => (_host, SiloPort) = (host, siloPort);

    public int SiloPort { get; }
    public IServiceProvider Services => _host.Services;
    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public static async Task<DurableSilo> StartAsync(string connectionString, string clusterId)
    {
        var siloPort = FreePort();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{ServiceGridHostOptions.ConnectionStringName}"] = connectionString,
            ["Orleans:ClusterId"] = clusterId,
            ["Orleans:ServiceId"] = clusterId,
            ["Orleans:SiloPort"] = siloPort.ToString(),
            ["Orleans:GatewayPort"] = FreePort().ToString(),
        });
        builder.UseOrleans(silo => silo.ConfigureServiceGrid(builder.Configuration));
        var host = builder.Build();
        await host.StartAsync();
        return new DurableSilo(host, siloPort);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
