using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace ServiceGrid.Silo.Hosting;

/// <summary>
/// A silo that starts after every silo crashed evicts its dead predecessors at once (issue #14). Orleans makes a joining
/// silo ping every active row until each answers or is declared dead, and a joining silo probes only rows that are already
/// stale (no IAmAlive write for <see cref="MembershipRecoveryOptions.StaleAfter"/>), noticed at its next table refresh
/// (up to a minute), three probes 5 s apart: measured, 94 s from the predecessor's last IAmAlive to its eviction, 5 s
/// more to join. Here, before the join: when every other active row is stale (no silo of the cluster writes to the table:
/// it is down) and its endpoint refuses a TCP connection, the row is declared dead (Orleans' own <c>TryKill</c>). Orleans
/// itself would evict such a row with this silo's single vote (no non-stale silo is left to vote); only the waits go. A
/// silo that accepts a connection, or whose IAmAlive time moves, is a live cluster: then nothing is done (the join goes on
/// at once) and the votes decide, as for any partial failure.
/// </summary>
public sealed partial class StaleSiloEviction(
    IMembershipTable table,
    IClusterMembershipService membership,
    ILocalSiloDetails localSilo,
    IOptions<MembershipRecoveryOptions> options,
    IOptions<ClusterMembershipOptions> clusterMembership,
    TimeProvider clock,
    ILogger<StaleSiloEviction> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>How long to wait for this silo's view of the table to show the declarations, before the join pings.</summary>
    static readonly TimeSpan DeclaredWithin = TimeSpan.FromSeconds(10);

    // After the membership table is read (RuntimeGrainServices), before the join checks connectivity (ValidateInitialConnectivity).
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(StaleSiloEviction), ServiceLifecycleStage.AfterRuntimeGrainServices, EvictAsync);

    async Task EvictAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.EvictStaleSilosAtStart) return;
        var active = await ActiveOthersAsync(cancellationToken);
        // A silo that accepts connections is taken for alive: a silo joining a live cluster goes on at once.
        if (await FirstAcceptingAsync(active, cancellationToken) is { } accepting)
        {
            LogLeftToVotes(logger, accepting.SiloAddress);
            return;
        }

        // A predecessor that died just now is not stale yet: wait until it is, reading the table every IAmAlive period
        // to see whether a silo writes (then the cluster is alive). Bounded: a row that does not move is stale by then.
        var staleAfter = options.Value.StaleAfter;
        var firstSeen = active.ToDictionary(entry => entry.SiloAddress, LastAlive);
        while (active.Count > 0)
        {
            if (active.FirstOrDefault(entry => !firstSeen.TryGetValue(entry.SiloAddress, out var seen) || LastAlive(entry) > seen) is { } alive)
            {
                LogLeftToVotes(logger, alive.SiloAddress);
                return;
            }
            var untilStale = active.Max(entry => LastAlive(entry) + staleAfter - clock.GetUtcNow().UtcDateTime);
            if (untilStale < TimeSpan.Zero) break;
            LogWaiting(logger, active.Count, untilStale.TotalSeconds);
            await Task.Delay(Min(untilStale + TimeSpan.FromMilliseconds(100), options.Value.IAmAlivePeriod), clock, cancellationToken);
            active = await ActiveOthersAsync(cancellationToken);
        }

        var dead = new List<MembershipEntry>();
        foreach (var entry in active)
        {
            if (await AcceptsConnectionsAsync(entry.SiloAddress.Endpoint, cancellationToken))
            {
                LogLeftToVotes(logger, entry.SiloAddress);
                continue;
            }
            LogEvicting(logger, entry.SiloAddress, LastAlive(entry));
            await membership.TryKill(entry.SiloAddress);
            dead.Add(entry);
        }

        // TryKill only queues the declaration: wait until this silo's view shows it, so that the join does not ping them.
        var deadline = clock.GetUtcNow() + DeclaredWithin;
        while (dead.Any(entry => membership.CurrentSnapshot.GetSiloStatus(entry.SiloAddress) != SiloStatus.Dead) && clock.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), clock, cancellationToken);
            await membership.Refresh(cancellationToken: cancellationToken);
        }
    }

    async Task<MembershipEntry?> FirstAcceptingAsync(List<MembershipEntry> entries, CancellationToken cancellationToken)
    {
        var answers = await Task.WhenAll(entries.Select(entry => AcceptsConnectionsAsync(entry.SiloAddress.Endpoint, cancellationToken)));
        return entries.Where((_, i) => answers[i]).FirstOrDefault();
    }

    /// <summary>The rows of other silos marked active. One on this silo's endpoint is an older incarnation, which Orleans declares dead itself.</summary>
    async Task<List<MembershipEntry>> ActiveOthersAsync(CancellationToken cancellationToken) =>
        (await table.ReadAllAsync(cancellationToken)).Members.Select(member => member.Item1)
            .Where(entry => entry.Status == SiloStatus.Active && !entry.SiloAddress.Endpoint.Equals(localSilo.SiloAddress.Endpoint))
            .ToList();

    /// <summary>Orleans' <c>EffectiveIAmAliveTime</c>: a silo that has not written its IAmAlive time yet counts from its start.</summary>
    static DateTime LastAlive(MembershipEntry entry) => entry.StartTime > entry.IAmAliveTime ? entry.StartTime : entry.IAmAliveTime;

    static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>Whether the silo's endpoint accepts a TCP connection within Orleans' <c>ProbeTimeout</c>.</summary>
    async Task<bool> AcceptsConnectionsAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var within = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        within.CancelAfter(clusterMembership.Value.ProbeTimeout);
        try
        {
            await socket.ConnectAsync(endpoint, within.Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {Silo} accepts connections or writes to the membership table: left to the membership protocol")]
    static partial void LogLeftToVotes(ILogger logger, SiloAddress silo);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} active silos refuse connections; waiting {Seconds:0.0} s for them to go stale (or write to the membership table)")]
    static partial void LogWaiting(ILogger logger, int count, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Every active silo is stale: declaring {Silo} dead (last alive {LastAlive:O}, its endpoint refuses connections)")]
    static partial void LogEvicting(ILogger logger, SiloAddress silo, DateTime lastAlive);
}
