using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Streams;
using ServiceGrid.Board;
using ServiceGrid.Events;
using ServiceGrid.Telemetry;

namespace ServiceGrid.Web.Board;

/// <summary>
/// This web node's end of the board streams: one subscription per scope that any of its clients watches, and one
/// pump that hands each batch to the scope's SignalR group. Each node sends only to its own connections, and the pump
/// sends each scope's events once and in order (it drops those at or below the last seq it sent), so with several nodes
/// every client gets every event once. The stream callback only enqueues: a slow browser holds up this node's pump,
/// never the cluster's stream.
/// </summary>
public sealed partial class BoardRelay(
    IClusterClient cluster,
    IHubContext<BoardHub, IBoardClient> hub,
    IOptions<BoardOptions> options,
    ServiceGridMetrics metrics,
    TimeProvider clock,
    ILogger<BoardRelay> logger) : BackgroundService
{
    readonly ConcurrentDictionary<string, Lazy<Task<StreamSubscriptionHandle<BoardBatch>>>> _subscriptions = new();
    readonly Channel<BoardBatch> _outbox = Channel.CreateUnbounded<BoardBatch>(new UnboundedChannelOptions { SingleReader = true });
    /// <summary>Per scope, the epoch and seq of the last event the pump sent; written by the pump only.</summary>
    readonly ConcurrentDictionary<string, (string Epoch, long Seq)> _sent = new();

    /// <summary>Makes sure this node receives the scope's batches; answers once the subscription is in place.</summary>
    public async Task RelayAsync(string scope)
    {
        var subscription = _subscriptions.GetOrAdd(scope, NewSubscription);
        try
        {
            await subscription.Value;
        }
        catch
        {
            _subscriptions.TryRemove(KeyValuePair.Create(scope, subscription));
            throw;
        }
    }

    /// <summary>Made once, when first awaited, however many callers race for it.</summary>
    Lazy<Task<StreamSubscriptionHandle<BoardBatch>>> NewSubscription(string scope) => new(() => SubscribeAsync(scope));

    Task<StreamSubscriptionHandle<BoardBatch>> SubscribeAsync(string scope) =>
        Stream(scope).SubscribeAsync((batch, _) => EnqueueAsync(batch));

    Task EnqueueAsync(BoardBatch batch)
    {
        metrics.BoardQueueDepth.Add(batch.Events.Length);
        return _outbox.Writer.WriteAsync(batch).AsTask();
    }

    IAsyncStream<BoardBatch> Stream(string scope) =>
        cluster.GetStreamProvider(GridStreams.Provider).GetStream<BoardBatch>(StreamId.Create(BoardStreams.Namespace, scope));

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(PumpAsync(stoppingToken), KeepSubscribedAsync(stoppingToken));

    async Task PumpAsync(CancellationToken stoppingToken)
    {
        await foreach (var batch in _outbox.Reader.ReadAllAsync(stoppingToken))
        {
            metrics.BoardQueueDepth.Add(-batch.Events.Length);
            var unsent = Unsent(batch).ToList();
            var sent = 0;
            try
            {
                var group = hub.Clients.Group(batch.Scope);
                foreach (var boardEvent in unsent)
                {
                    await group.BoardEvent(boardEvent);
                    sent++;
                    if (batch.Scope != BoardScopes.Headquarters) continue;
                    // Every new case reaches hq, and hq only counts it once (a region's branches see it too).
                    if (boardEvent.Case is { Version: 1 } opened)
                        metrics.CreateToBoard.Record((clock.GetUtcNow() - opened.OpenedAt).TotalSeconds);
                    // Every case is on the hq board, whose sequencer numbers its customer's own feed (portal).
                    if (boardEvent is { Case.CustomerId: { } customerId, CustomerSeq: { } customerSeq })
                        await hub.Clients.Group(BoardScopes.Customer(customerId)).BoardEvent(boardEvent with { Seq = customerSeq, CustomerSeq = null });
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogSendFailed(logger, exception, batch.Scope);
                metrics.BoardEventsDropped.Add(unsent.Count - sent);
            }
        }
    }

    /// <summary>
    /// A batch's events this node has not sent yet: a batch fetched after a gap (<see cref="CatchUpAsync"/>) and the same
    /// events arriving late on the stream go out once. Another epoch starts over.
    /// </summary>
    IEnumerable<BoardEvent> Unsent(BoardBatch batch)
    {
        var sent = _sent.TryGetValue(batch.Scope, out var last) && last.Epoch == batch.Epoch ? last.Seq : 0;
        var unsent = batch.Events.Where(boardEvent => boardEvent.Seq > sent).ToList();
        if (unsent.Count > 0) _sent[batch.Scope] = (batch.Epoch, unsent[^1].Seq);
        return unsent;
    }

    /// <summary>
    /// The cluster drops a client's subscription without telling it when a delivery finds the client unreachable: a
    /// silo that dies may have been this node's gateway, and the pulling agent that takes over its queue gets
    /// <c>ClientNotAvailableException</c> and unregisters the consumer. Each scope's subscription is looked up every
    /// <see cref="BoardOptions.SubscriptionCheckPeriod"/>; one that is gone is made again, and the scope's clients see
    /// the gap in <c>seq</c> and take a new snapshot.
    /// </summary>
    async Task KeepSubscribedAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SubscriptionCheckPeriod, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                foreach (var (scope, subscription) in _subscriptions)
                {
                    await EnsureSubscribedAsync(scope, subscription);
                    await CatchUpAsync(scope);
                }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    async Task EnsureSubscribedAsync(string scope, Lazy<Task<StreamSubscriptionHandle<BoardBatch>>> subscription)
    {
        if (!subscription.IsValueCreated || !subscription.Value.IsCompleted) return;
        try
        {
            // A subscription that failed to be made (the last renewal, when the cluster was unreachable) is made again too.
            if (subscription.Value.IsCompletedSuccessfully)
            {
                var held = subscription.Value.Result.HandleId;
                if ((await Stream(scope).GetAllSubscriptionHandles()).Any(handle => handle.HandleId == held)) return;
            }
            LogResubscribing(logger, scope);
            var renewed = NewSubscription(scope);
            if (_subscriptions.TryUpdate(scope, renewed, subscription)) await renewed.Value;
        }
        catch (Exception exception)
        {
            // The cluster is unreachable right now; the next check tries again.
            LogCheckFailed(logger, exception, scope);
        }
    }

    /// <summary>
    /// A batch the stream lost (its queue died with a silo, or the subscription was gone) shows up at a client only as a
    /// gap at the next event, and a quiet board would wait for one: so each check also asks the scope's sequencer for
    /// what it sent after the last event this node sent, and the pump sends what is new.
    /// </summary>
    async Task CatchUpAsync(string scope)
    {
        if (!_sent.TryGetValue(scope, out var last)) return;
        try
        {
            var missed = await cluster.GetGrain<IBoardScopeGrain>(scope).EventsAfter(last.Epoch, last.Seq);
            if (missed.IsEmpty) return;
            LogCatchingUp(logger, scope, missed.Length);
            await EnqueueAsync(new BoardBatch(scope, missed[0].Epoch!, missed));
        }
        catch (Exception exception)
        {
            LogCheckFailed(logger, exception, scope);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var subscription in _subscriptions.Values.Where(s => s.IsValueCreated && s.Value.IsCompletedSuccessfully))
        {
            try
            {
                await subscription.Value.Result.UnsubscribeAsync();
            }
            catch (Exception exception)
            {
                LogUnsubscribeFailed(logger, exception);
            }
        }
        await base.StopAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Board {Scope}: the cluster no longer holds this node's subscription; subscribing again")]
    static partial void LogResubscribing(ILogger logger, string scope);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Board {Scope}: {Count} event(s) fetched from the sequencer that this node may have missed")]
    static partial void LogCatchingUp(ILogger logger, string scope, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Board {Scope}: the subscription could not be checked")]
    static partial void LogCheckFailed(ILogger logger, Exception exception, string scope);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Board {Scope}: a batch could not be sent to this node's clients")]
    static partial void LogSendFailed(ILogger logger, Exception exception, string scope);

    // Expected when the cohosted silo stopped first: its subscriptions went with it.
    [LoggerMessage(Level = LogLevel.Debug, Message = "A board subscription could not be removed at shutdown")]
    static partial void LogUnsubscribeFailed(ILogger logger, Exception exception);
}
