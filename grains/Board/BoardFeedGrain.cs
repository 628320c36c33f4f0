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

/// <summary>
/// Follows one region's case and engineer streams (implicit subscriptions, like <c>RegionGrain</c>'s) and hands each change,
/// as board events, to the sequencers of the scopes that see the region: <c>hq</c> and the region's branches.
/// Grains publish only what they stored, so nothing reaches a board before it is stored.
/// </summary>
[ImplicitStreamSubscription(GridStreams.RegionEvents)]
[ImplicitStreamSubscription(GridStreams.RegionEngineers)]
public sealed class BoardFeedGrain(OrganizationDirectory organization, IOptions<BoardSequencerOptions> options, ServiceGridMetrics metrics, TimeProvider clock,
    ILogger<BoardFeedGrain> logger)
    : Grain, IBoardFeedGrain, IStreamSubscriptionObserver
{
    ScopeOutbox? _outbox;

    string RegionId => this.GetPrimaryKeyString();

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        handleFactory.Create<RegionEvent>().ResumeAsync((regionEvent, _) => ForwardAsync(regionEvent));

    async Task ForwardAsync(RegionEvent regionEvent)
    {
        var events = regionEvent switch
        {
            CaseChanged changed => BoardRows.EventsOf(changed),
            EngineerChanged { Engineer: var engineer } => [BoardRows.EngineerEvent(engineer)],
            DispatchProposed proposed => [BoardRows.ProposalEvent(proposed)],
            ScheduleChanged schedule => [new BoardEvent { Type = BoardEventTypes.ScheduleChanged, Schedule = schedule, At = clock.GetUtcNow() }],
            _ => ImmutableArray<BoardEvent>.Empty,
        };
        if (events.IsEmpty) return;
        var region = await organization.FindRegionAsync(RegionId);
        // Each scope receives a region's changes in the order they were stored.
        (_outbox ??= new ScopeOutbox(GrainFactory, options.Value, metrics, clock, logger)).Send(BoardFeeds.ScopesOf(region), events);
    }
}
