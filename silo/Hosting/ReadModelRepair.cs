using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceGrid.Board;
using ServiceGrid.Events;
using ServiceGrid.Grains;
using ServiceGrid.Grains.Board;
using ServiceGrid.Grains.Organization;

namespace ServiceGrid.Silo.Hosting;

/// <summary>When the read models repair themselves after a silo leaves the cluster (section <c>ServiceGrid:ReadModelRepair</c>).</summary>
public sealed class ReadModelRepairOptions
{
    public const string Section = "ServiceGrid:ReadModelRepair";

    /// <summary>
    /// The second repair, after the first at once: a stream event on its way to a consumer on the dead silo is retried for
    /// up to Orleans' <c>MaxEventDeliveryTime</c> (1 minute) before it is dropped, so only then has the loss stopped growing.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SettleDelay { get; set; } = TimeSpan.FromSeconds(75);
}

/// <summary>
/// Durable mode. The region and board read models live in memory and follow the memory streams, which lose what a dying
/// silo held: the events in its queues, and deliveries that found their consumer gone. The query tables do not lose them
/// (each case announces a version until the tables confirm it). So when a silo leaves the cluster, crashed or stopped,
/// one silo (the lowest active address, so that the cluster repairs once) has every region re-read its cases from the
/// tables and every board catch up with its regions: at once, and again after <see cref="ReadModelRepairOptions.SettleDelay"/>.
/// </summary>
public sealed partial class ReadModelRepair(
    IClusterMembershipService membership,
    ILocalSiloDetails localSilo,
    IGrainFactory grains,
    OrganizationDirectory organization,
    IOptions<ReadModelRepairOptions> options,
    TimeProvider clock,
    ILogger<ReadModelRepair> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var known = membership.CurrentSnapshot;
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                // Silos seen alive before: the dead entries a starting silo reads from the table were repaired for already.
                var departed = snapshot.CreateUpdate(known).Changes
                    .Where(member => member.Status == SiloStatus.Dead && known.GetSiloStatus(member.SiloAddress) is not (SiloStatus.Dead or SiloStatus.None))
                    .Select(member => member.SiloAddress)
                    .ToList();
                known = snapshot;
                if (departed.Count == 0 || !RepairsFor(snapshot)) continue;
                LogSiloLeft(logger, string.Join(", ", departed));
                _ = RepairTwiceAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    bool RepairsFor(ClusterMembershipSnapshot snapshot) =>
        snapshot.Members.Values.Where(member => member.Status == SiloStatus.Active).Select(member => member.SiloAddress).Min() is { } lowest
        && lowest.Equals(localSilo.SiloAddress);

    async Task RepairTwiceAsync(CancellationToken stoppingToken)
    {
        try
        {
            await TryRepairAsync();
            await Task.Delay(options.Value.SettleDelay, clock, stoppingToken);
            await TryRepairAsync();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    async Task TryRepairAsync()
    {
        try
        {
            await RepairAsync();
        }
        catch (Exception exception)
        {
            // The other pass, or the next silo to leave, repairs again; until then a lost event waits for its case's next change.
            LogRepairFailed(logger, exception);
        }
    }

    /// <summary>Every region and the alert log reconcile with the query tables, then every board with them.</summary>
    public async Task RepairAsync()
    {
        var chart = await organization.GetChartAsync();
        await Task.WhenAll(chart.Regions.Select(region => grains.GetGrain<IRegionGrain>(region.Id).Reconcile())
            .Append(grains.GetGrain<IAlertLogGrain>(GridStreams.AllKey).Reconcile()));
        var scopes = chart.Regions.SelectMany(BoardFeeds.ScopesOf).Distinct().ToList();
        await Task.WhenAll(scopes.Select(scope => grains.GetGrain<IBoardScopeGrain>(scope).Reconcile()));
        LogRepaired(logger, chart.Regions.Length, scopes.Count);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo(s) {Silos} left the cluster: repairing the read models from the query tables")]
    static partial void LogSiloLeft(ILogger logger, string silos);

    [LoggerMessage(Level = LogLevel.Information, Message = "Read models repaired: {Regions} region(s) and {Boards} board(s) caught up with the query tables")]
    static partial void LogRepaired(ILogger logger, int regions, int boards);

    [LoggerMessage(Level = LogLevel.Error, Message = "A repair of the read models after a silo left failed")]
    static partial void LogRepairFailed(ILogger logger, Exception exception);
}

public static class ReadModelRepairServiceCollectionExtensions
{
    public static IServiceCollection AddReadModelRepair(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<ReadModelRepairOptions>(configuration, ReadModelRepairOptions.Section);
        services.AddSingleton<ReadModelRepair>();
        services.AddHostedService(provider => provider.GetRequiredService<ReadModelRepair>());
        return services;
    }
}
