using Microsoft.Extensions.Hosting;
using ServiceGrid.Silo.Hosting;

namespace ServiceGrid.Silo;

/// <summary>A standalone silo process (durable mode, one of several in a cluster).</summary>
public static class SiloHost
{
    public static async Task Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.UseOrleans(silo => silo.ConfigureServiceGrid(builder.Configuration));
        builder.Services.AddServiceGridTelemetry(builder.Configuration, "servicegrid-silo");
        await builder.Build().RunAsync();
    }
}
