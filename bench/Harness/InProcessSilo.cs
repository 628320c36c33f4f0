using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ServiceGrid.Organization;
using ServiceGrid.Silo.Hosting;

namespace ServiceGrid.Bench.Harness;

/// <summary>
/// An embedded-mode silo in the bench process, configured by the product's own <c>ConfigureServiceGrid</c>, for the
/// scenarios that need to see inside (breach events on the region streams) or to count memory without HTTP in between.
/// </summary>
public sealed class InProcessSilo : IAsyncDisposable
{
    readonly IHost _host;
    readonly TextWriter _log;

    InProcessSilo(IHost host, TextWriter log) => (_host, _log) = (host, log);

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();
    public TimeProvider Clock => _host.Services.GetRequiredService<TimeProvider>();
    public IServiceProvider Services => _host.Services;
    /// <summary>Where an <c>external</c> web process connects to this silo.</summary>
    public int GatewayPort => int.Parse(_host.Services.GetRequiredService<IConfiguration>()["Orleans:GatewayPort"]!);

    public static async Task<InProcessSilo> StartAsync(string logFile, IReadOnlyDictionary<string, string?> settings)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        var log = new StreamWriter(logFile) { AutoFlush = true };
        Console.SetOut(log);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ServiceGrid:Demo:Organization"] = "true",
            ["ServiceGrid:Demo:Traffic"] = "false",
            ["Orleans:SiloPort"] = ServerProcess.FreePort().ToString(),
            ["Orleans:GatewayPort"] = ServerProcess.FreePort().ToString(),
        }).AddInMemoryCollection(settings);
        // The levels of web/appsettings.json, on the same console provider.
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Information)
            .AddFilter("Microsoft.AspNetCore", LogLevel.Warning).AddFilter("Orleans", LogLevel.Warning);
        builder.UseOrleans(silo => silo.ConfigureServiceGrid(builder.Configuration));
        var host = builder.Build();
        await host.StartAsync();
        var silo = new InProcessSilo(host, log);
        await silo.WaitForDemoOrganizationAsync();
        return silo;
    }

    /// <summary>The demo loader runs after start; the last customer is registered last.</summary>
    async Task WaitForDemoOrganizationAsync()
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            if (await Grains.GetGrain<ICustomerGrain>("cust-210").Get() is not null) return;
            await Task.Delay(100);
        }
        throw new InvalidOperationException("The demo organization was not loaded within a minute.");
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        Console.SetOut(Output.Out);
        await _log.DisposeAsync();
    }
}
