using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;
using ServiceGrid.Events;
using ServiceGrid.Grains;
using ServiceGrid.Demo;

namespace ServiceGrid.Tests.Demo;

/// <summary>
/// An in-process cluster configured as embedded mode (memory storage, reminders and streams) with the demo on,
/// on top of the settings a subclass gives.
/// </summary>
public abstract class DemoClusterFixture(short silos, Dictionary<string, string?> settings) : IAsyncLifetime
{
    InProcessTestCluster? _cluster;

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not started.");
    public IGrainFactory Grains => Cluster.Client;
    public DemoOrganization Organization { get; } = DemoOrganization.Create(new DemoOptions().Seed);

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(settings));
        builder.ConfigureSilo((_, silo) =>
        {
            foreach (var name in StorageNames.All) silo.AddMemoryGrainStorage(name);
            silo.UseInMemoryReminderService();
            silo.AddMemoryStreams(GridStreams.Provider);
            silo.Services.AddServiceGridGrains(silo.Configuration);
            silo.Services.AddInMemoryCaseTables();
            silo.Services.AddServiceGridDemo(silo.Configuration, embedded: true);
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> passes.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return true;
            await Task.Delay(200);
        }
        return await condition();
    }
}

/// <summary>Two silos that both load the demo organization at start, without traffic.</summary>
public sealed class SeededClusterFixture() : DemoClusterFixture(2, new()
{
    ["ServiceGrid:Demo:Organization"] = "true",
    ["ServiceGrid:Demo:Traffic"] = "false",
});

/// <summary>One silo with the demo traffic at a high rate and speed-up, and SLA targets of seconds so cases slip.</summary>
public sealed class TrafficClusterFixture() : DemoClusterFixture(1, new()
{
    ["ServiceGrid:Demo:CasesPerMinute"] = "300",
    ["ServiceGrid:Demo:SpeedUp"] = "2000",
    ["ServiceGrid:Demo:TickInterval"] = "00:00:00.100",
    ["ServiceGrid:Demo:SlipShare"] = "0.3",
    // Most branch stores start at or below this, so HQ replenishes them in the first round.
    ["ServiceGrid:Parts:ReorderPoint"] = "12",
    ["ServiceGrid:Sla:P1:Response"] = "00:00:04",
    ["ServiceGrid:Sla:P2:Response"] = "00:00:04",
    ["ServiceGrid:Sla:P3:Response"] = "00:00:04",
    ["ServiceGrid:Sla:P4:Response"] = "00:00:04",
    ["ServiceGrid:Sla:P5:Response"] = "00:00:04",
});
