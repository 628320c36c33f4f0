using System.Collections.Immutable;
using Orleans.Streams;
using Orleans.Streams.Core;
using ServiceGrid.Events;

namespace ServiceGrid.Grains.ReadModel;

/// <summary>The recent alerts, in the order raised, without duplicates (alert ids are derived from what raised them).</summary>
[ImplicitStreamSubscription(GridStreams.Alerts)]
[KeepAlive]
public sealed class AlertLogGrain : Grain, IAlertLogGrain, IStreamSubscriptionObserver
{
    /// <summary>The log keeps this many; older alerts live in the reports and, in durable mode, the database.</summary>
    const int Retained = 10_000;

    readonly LinkedList<Alert> _alerts = new();
    readonly HashSet<string> _ids = [];

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        handleFactory.Create<Alert>().ResumeAsync((alert, _) => Add(alert));

    public Task<ImmutableArray<Alert>> Since(DateTimeOffset? since, int max) =>
        Task.FromResult(_alerts.Where(alert => since is null || alert.At > since).TakeLast(max).ToImmutableArray());

    Task Add(Alert alert)
    {
        if (!_ids.Add(alert.Id)) return Task.CompletedTask;
        // Replays after a crash can arrive late; keep the log in time order.
        var after = _alerts.Last;
        while (after is not null && after.Value.At > alert.At) after = after.Previous;
        if (after is null) _alerts.AddFirst(alert); else _alerts.AddAfter(after, alert);
        while (_alerts.Count > Retained)
        {
            _ids.Remove(_alerts.First!.Value.Id);
            _alerts.RemoveFirst();
        }
        return Task.CompletedTask;
    }
}
