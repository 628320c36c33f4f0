using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using ServiceGrid.Events;
using ServiceGrid.Grains;
using ServiceGrid.Grains.ReadModel;
using ServiceGrid.Demo;
using ServiceGrid.Silo.Persistence;

namespace ServiceGrid.Silo.Hosting;

/// <summary>One silo configuration for both the standalone silo and the web process that hosts one (cohosted).</summary>
public static class SiloConfiguration
{
    internal const string AdoNetInvariant = "Npgsql";
    static readonly TimeSpan EventPollInterval = TimeSpan.FromMilliseconds(10);

    public static ISiloBuilder ConfigureServiceGrid(this ISiloBuilder silo, IConfiguration configuration)
    {
        var host = ServiceGridHostOptions.From(configuration);
        silo.Services.Configure<ClusterOptions>(host.NameCluster);

        if (host.IsDurable)
        {
            // Only silos migrate (a web process in external mode is a client and never does).
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services => new SchemaMigrationParticipant(
                new PostgresMigrator(services.GetRequiredService<ILogger<PostgresMigrator>>()), host.ConnectionString!));
            silo.ConfigureEndpoints(host.SiloPort, host.GatewayPort, listenOnAnyHostAddress: true);
            silo.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (AdoNetInvariant, host.PooledConnectionString));
            silo.Services.AddMembershipRecovery(configuration);
            silo.UseAdoNetReminderService(o => (o.Invariant, o.ConnectionString) = (AdoNetInvariant, host.PooledConnectionString));
            foreach (var name in StorageNames.All)
                silo.AddAdoNetGrainStorage(name, o => (o.Invariant, o.ConnectionString) = (AdoNetInvariant, host.PooledConnectionString));
            // The projection writes the query tables, and the regions' read models recover from them after a silo dies (ReadModelRepair).
            silo.Services.AddServiceGridDatabase(host.PooledConnectionString!);
            silo.Services.AddSingleton<ICaseTableWriter>(services => services.GetRequiredService<CaseTable>());
            silo.Services.AddSingleton<ICaseTableReader>(services => services.GetRequiredService<CaseTable>());
            silo.Services.AddReadModelRepair(configuration);
        }
        else
        {
            silo.UseLocalhostClustering(host.SiloPort, host.GatewayPort, serviceId: host.ServiceId, clusterId: host.ClusterId);
            silo.UseInMemoryReminderService();
            // Nothing outlives the process: the projection feeds the monthly reports in memory, and no case waits for a confirmation.
            silo.Services.AddInMemoryCaseTables();
            foreach (var name in StorageNames.All)
                silo.Services.AddGrainStorage(name, (services, _) => ActivatorUtilities.CreateInstance<ProcessGrainStorage>(services));
        }

        // Grain state is stored with the Orleans serializer, whose [Id]s keep stored records readable across upgrades.
        // The default (Newtonsoft JSON with preserved references) cannot read back the positional records of a case.
        silo.Services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();

        // Durability comes from each grain's stored state and version, not from the stream: consumers catch up by version.
        // Orleans polls each stream queue every 100 ms by default, twice on the way to a browser (region stream, board
        // stream): the board would trail the grains by up to a fifth of a second. 10 ms, with the board's 10 ms batch
        // window, brought a board client's median from 42 to 24 ms (bench/ board); an idle silo spends 2 % of a core
        // more than at 20 ms.
        silo.AddMemoryStreams(GridStreams.Provider, streams => streams.ConfigurePullingAgent(agent =>
            agent.Configure(options => options.GetQueueMsgsTimerPeriod = EventPollInterval)));
        silo.Services.AddDatabaseExceptionSerialization();
        // Orleans 10 runs every grain placement through a Polly pipeline whose telemetry logs two Information lines per
        // new activation: at intake rates that was a tenth of the server's CPU spent on the console (bench/, dotnet-trace).
        silo.Services.AddLogging(logging => logging.AddFilter("Polly", LogLevel.Warning));
        silo.Services.AddServiceGridGrains(configuration);
        // A grain call made for a traced request belongs to its trace (docs/observability.md).
        silo.AddGrainCallTracing();
        silo.AddGridDashboard(configuration);
        silo.Services.AddServiceGridDemo(configuration, embedded: !host.IsDurable);
        return silo;
    }
}
