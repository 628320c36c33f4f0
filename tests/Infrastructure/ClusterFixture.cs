using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Reminders;
using Orleans.Storage;
using Orleans.TestingHost;
using ServiceGrid.Silo.Hosting;

namespace ServiceGrid.Tests.Infrastructure;

/// <summary>
/// One in-process silo configured exactly as the product configures it (<see cref="SiloConfiguration.ConfigureServiceGrid"/>
/// in embedded mode: memory storage, in-memory reminders, memory streams), except that grain code sees a
/// <see cref="FakeTimeProvider"/>, and so do grain timers and reminders, while Orleans' own background loops keep real time
/// (see <see cref="GrainTimerClock"/>).
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    /// <summary>The SLA policy under test is the default one (DOMAIN.md's table), so the fake clock moves in hours.</summary>
    static readonly Dictionary<string, string?> Settings = new()
    {
        ["ServiceGrid:Demo:Organization"] = "false",
        ["ServiceGrid:Demo:Traffic"] = "false",
    };

    InProcessTestCluster? _cluster;
    ReminderSchedule? _reminders;

    /// <summary>The clock every grain reads; tests move it forward with <see cref="FakeTimeProvider.Advance"/>.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not deployed.");

    public IGrainFactory Grains => Cluster.Client;

    public IServiceProvider SiloServices => Cluster.Silos[0].ServiceProvider;

    /// <summary>
    /// Moves the fake clock once every reminder the silo holds is armed for its latest schedule (see
    /// <see cref="ReminderSchedule"/>): a jump while a reminder is being moved would skip its tick.
    /// </summary>
    public async Task AdvanceAsync(TimeSpan delta)
    {
        await (_reminders ?? throw new InvalidOperationException("The cluster is not deployed.")).SettledAsync();
        Clock.Advance(delta);
    }

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Services.AddSingleton<TimeProvider>(Clock);
            host.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
            // Re-pins the grain area (which the line above leaves on the fake clock) so stream pumps keep real time.
            host.Services.AddKeyedSingleton<TimeProvider>(TimeProviderNames.Grains,
                (services, _) => new GrainTimerClock(Clock, services));
            // A case's SLA reminder is due at its next deadline, hours ahead: it must tick on the time tests move. Orleans
            // keeps only reminders due within its loading window in memory and loads the others as their time nears,
            // on a refresh every few minutes; tests jump hours at once, so here every reminder stays loaded.
            host.Services.AddKeyedSingleton<TimeProvider>(ReminderTimeProviderNames.Reminders, Clock);
            host.Services.Configure<ReminderOptions>(options => options.ReminderLoadingWindow = TimeSpan.FromDays(30));
        });
        builder.ConfigureSilo((_, silo) => silo.ConfigureServiceGrid(configuration));
        _cluster = builder.Build();
        _reminders = new ReminderSchedule(() => _cluster.Silos.FirstOrDefault()?.SiloAddress);
        await _cluster.DeployAsync();
        await TestOrganization.DefineAsync(Grains);
    }

    public async Task DisposeAsync()
    {
        _reminders?.Dispose();
        if (_cluster is not null) await _cluster.DisposeAsync();
    }

    /// <summary>Whether the named storage provider holds a record for the grain's state, read straight from storage.</summary>
    public async Task<bool> IsStoredAsync<TState>(string storageName, string stateName, GrainId grainId) where TState : new()
    {
        var storage = SiloServices.GetRequiredKeyedService<IGrainStorage>(storageName);
        var state = new GrainState<TState>(new TState());
        await storage.ReadStateAsync(stateName, grainId, state);
        return state.RecordExists;
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
