using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using ServiceGrid.Grains;

namespace ServiceGrid.Silo.Hosting;

/// <summary>
/// How fast the grid comes back after every process crashed (section <c>ServiceGrid:Membership</c>, durable mode; issue #14).
/// The votes and probes that protect against split brain (Orleans' <c>ProbeTimeout</c>, <c>NumMissedProbesLimit</c>,
/// <c>NumVotesForDeathDeclaration</c>) keep Orleans' defaults: a partial failure is decided as before.
/// </summary>
public sealed class MembershipRecoveryOptions
{
    public const string Section = "ServiceGrid:Membership";

    /// <summary>
    /// How often a silo writes its IAmAlive time to the membership table (Orleans' <c>IAmAliveTablePublishTimeout</c>,
    /// 30 s by default). A silo whose time is older than <see cref="IAmAlivePeriod"/> × <see cref="MissedIAmAliveLimit"/>
    /// is stale: a silo that restarts after every silo crashed may evict it (<see cref="StaleSiloEviction"/>). Costs one
    /// UPDATE per silo per period.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan IAmAlivePeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// IAmAlive writes a silo may miss before it is stale (Orleans' <c>NumMissedTableIAmAliveLimit</c>, 3 by default).
    /// The cost of 6 s instead of Orleans' 90 s: Orleans does not count a stale silo among the voters an eviction needs
    /// (<c>min(NumVotesForDeathDeclaration, (non-stale active silos + 1) / 2)</c>), so in a cluster of three or more, a
    /// silo that cannot write for 6 s (its database connection hangs) lowers the votes needed sooner. Votes still come
    /// only from failed probes; with two silos one vote is enough anyway.
    /// </summary>
    [Range(2, 10)]
    public int MissedIAmAliveLimit { get; set; } = 3;

    /// <summary>
    /// At start, a silo that finds only stale active silos in the table (none wrote its IAmAlive time lately: the cluster
    /// is down) and cannot open a TCP connection to them declares them dead at once, instead of probing each for seconds
    /// and waiting for the next table refresh to notice they went stale (about 100 s with Orleans' defaults).
    /// </summary>
    public bool EvictStaleSilosAtStart { get; set; } = true;

    /// <summary>
    /// How often a cluster client (the web node in <c>external</c> mode) re-reads the gateways from the membership table
    /// (Orleans' <c>GatewayListRefreshPeriod</c>, 1 min by default). A client whose list still holds a dead silo's gateway
    /// (its row stays active until the new silo evicts it) retries only that one until the next refresh: measured, the web
    /// node connected 39 s after the restarted silo became active. Costs one query per client per period.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan GatewayListRefreshPeriod { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Orleans' <c>AllowedIAmAliveMissPeriod</c>.</summary>
    public TimeSpan StaleAfter => IAmAlivePeriod * MissedIAmAliveLimit;
}

public static class MembershipRecoveryServiceCollectionExtensions
{
    /// <summary>A silo: faster IAmAlive writes and <see cref="StaleSiloEviction"/>.</summary>
    public static IServiceCollection AddMembershipRecovery(this IServiceCollection services, IConfiguration configuration)
    {
        AddOptions(services, configuration);
        services.AddOptions<ClusterMembershipOptions>().Configure<IOptions<MembershipRecoveryOptions>>((membership, recovery) =>
            (membership.IAmAliveTablePublishTimeout, membership.NumMissedTableIAmAliveLimit) = (recovery.Value.IAmAlivePeriod, recovery.Value.MissedIAmAliveLimit));
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, StaleSiloEviction>();
        return services;
    }

    /// <summary>A cluster client: a faster gateway list refresh.</summary>
    public static IServiceCollection AddMembershipRecoveryClient(this IServiceCollection services, IConfiguration configuration)
    {
        AddOptions(services, configuration);
        services.AddOptions<GatewayOptions>().Configure<IOptions<MembershipRecoveryOptions>>((gateways, recovery) =>
            gateways.GatewayListRefreshPeriod = recovery.Value.GatewayListRefreshPeriod);
        return services;
    }

    static void AddOptions(IServiceCollection services, IConfiguration configuration) =>
        services.AddValidatedOptions<MembershipRecoveryOptions>(configuration, MembershipRecoveryOptions.Section);
}
