using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Orleans.Streams.Core;
using ServiceGrid.Events;
using ServiceGrid.Grains.Cases;

namespace ServiceGrid.Grains.ReadModel;

/// <summary>
/// The recent alerts, in the order raised, without duplicates (alert ids are derived from what raised them).
/// In durable mode the cases' alerts are derived again from the timeline in <c>case_events</c> (<paramref name="table"/>):
/// on activation, so a log whose silo died comes back, and on <see cref="Reconcile"/>, for those the alert stream lost.
/// Embedded mode's tables (<see cref="InMemoryCaseTables"/>) hold no entries: the log starts empty.
/// </summary>
[ImplicitStreamSubscription(GridStreams.Alerts)]
[KeepAlive]
public sealed class AlertLogGrain(ICaseTableReader table, IOptions<ReadModelOptions> options) : Grain, IAlertLogGrain, IStreamSubscriptionObserver
{
    readonly LinkedList<Alert> _alerts = new();
    readonly HashSet<string> _ids = [];

    public override Task OnActivateAsync(CancellationToken cancellationToken) => DeriveCaseAlertsAsync(cancellationToken);

    public Task Reconcile() => DeriveCaseAlertsAsync(CancellationToken.None);

    /// <summary>
    /// Each entry comes with its case as it is now, not as it was: an alert derived again may word the case's title or
    /// severity as they are today, under the id the first one had.
    /// </summary>
    async Task DeriveCaseAlertsAsync(CancellationToken cancellationToken)
    {
        // Oldest first: each one joins the end of the log.
        foreach (var entry in (await table.RecentEntriesAsync(CaseAlerts.RaisingEntryTypes, options.Value.RetainedAlerts, cancellationToken)).Reverse())
            foreach (var alert in CaseAlerts.From(entry.Case, entry.Entries)) await Add(alert);
    }

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
        while (_alerts.Count > options.Value.RetainedAlerts)
        {
            _ids.Remove(_alerts.First!.Value.Id);
            _alerts.RemoveFirst();
        }
        return Task.CompletedTask;
    }
}
