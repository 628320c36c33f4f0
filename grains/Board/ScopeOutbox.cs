using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using ServiceGrid.Board;

using ServiceGrid.Telemetry;

namespace ServiceGrid.Grains.Board;

/// <summary>
/// Hands board events to the scopes' sequencers with at most one call in flight per scope: what arrives meanwhile
/// waits and goes, in arrival order, in the next call. A quiet grid sends each event at once; a storm (100,000 deadlines,
/// bench/) sends a few calls a second per scope instead of one per event, and the stream is not held up meanwhile.
/// Used by the feed grains, whose turns are single-threaded, so it needs no lock.
/// </summary>
public sealed partial class ScopeOutbox(IGrainFactory grains, BoardSequencerOptions options, ServiceGridMetrics metrics, TimeProvider clock, ILogger logger)
{
    readonly Dictionary<string, List<BoardEvent>> _waiting = [];
    readonly HashSet<string> _sending = [];

    public void Send(IEnumerable<string> scopes, ImmutableArray<BoardEvent> events)
    {
        foreach (var scope in scopes)
        {
            if (_waiting.TryGetValue(scope, out var waiting)) waiting.AddRange(events);
            else if (_sending.Contains(scope)) _waiting[scope] = [.. events];
            else _ = SendAsync(scope, events);
        }
    }

    async Task SendAsync(string scope, ImmutableArray<BoardEvent> events)
    {
        _sending.Add(scope);
        var retry = new Backoff(options.OutboxFirstRetry, options.OutboxMaxRetry);
        var failingSince = (DateTimeOffset?)null;
        while (true)
        {
            try
            {
                await grains.GetGrain<IBoardScopeGrain>(scope).Publish(events);
                failingSince = null;
                retry.Reset();
            }
            catch (Exception exception)
            {
                // A sequencer on a silo that just died answers again once the cluster has noticed: keep the events, in
                // order, and try again. Past OutboxMaxHold they go (the repair after a silo's death brings the board up to date).
                failingSince ??= clock.GetUtcNow();
                if (clock.GetUtcNow() - failingSince < options.OutboxMaxHold)
                {
                    if (retry.AtFirst) LogPublishRetrying(logger, exception, scope, events.Length);
                    await Task.Delay(retry.Next(), clock);
                    if (_waiting.Remove(scope, out var arrived)) events = [.. events, .. arrived];
                    continue;
                }
                LogPublishFailed(logger, exception, scope, events.Length);
                metrics.BoardEventsDropped.Add(events.Length);
                failingSince = null;
                retry.Reset();
            }
            if (!_waiting.Remove(scope, out var next)) break;
            events = [.. next];
        }
        _sending.Remove(scope);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Board {Scope}: {Count} event(s) could not be handed to its sequencer yet; retrying")]
    static partial void LogPublishRetrying(ILogger logger, Exception exception, string scope, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Board {Scope}: {Count} event(s) could not be handed to its sequencer; dropped")]
    static partial void LogPublishFailed(ILogger logger, Exception exception, string scope, int count);
}
