using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Orleans.Streams.Core;
using ServiceGrid.Board;
using ServiceGrid.Events;
using ServiceGrid.Grains.Organization;
using ServiceGrid.Telemetry;

namespace ServiceGrid.Grains.Board;

/// <summary>Follows the alert stream and hands each alert to <c>hq</c> and to the branches of the alert's region.</summary>
[ImplicitStreamSubscription(GridStreams.Alerts)]
public sealed class BoardAlertFeedGrain(OrganizationDirectory organization, IOptions<BoardSequencerOptions> options, ServiceGridMetrics metrics, TimeProvider clock,
    ILogger<BoardAlertFeedGrain> logger)
    : Grain, IBoardAlertFeedGrain, IStreamSubscriptionObserver
{
    ScopeOutbox? _outbox;

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        handleFactory.Create<Alert>().ResumeAsync((alert, _) => ForwardAsync(alert));

    async Task ForwardAsync(Alert alert)
    {
        var scopes = BoardFeeds.ScopesOf(await organization.FindRegionAsync(alert.Region));
        ImmutableArray<BoardEvent> events = [new BoardEvent { Type = BoardEventTypes.Alert, Alert = alert, At = alert.At }];
        (_outbox ??= new ScopeOutbox(GrainFactory, options.Value, metrics, clock, logger)).Send(scopes, events);
    }
}
