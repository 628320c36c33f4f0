using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Streams;
using ServiceGrid.Board;
using ServiceGrid.Cases;
using ServiceGrid.Events;

namespace ServiceGrid.Tests.Board;

/// <summary>
/// The cluster can drop a web node's board subscription without telling it (a pulling agent that finds the node's
/// gateway gone unregisters it). The node notices and subscribes again; its clients see the gap and re-sync. Its own
/// web host: the test takes a subscription away from the relay.
/// </summary>
public sealed class BoardResubscribeTests(BoardWebFixture web) : IClassFixture<BoardWebFixture>
{
    [Fact]
    public async Task A_subscription_the_cluster_dropped_is_made_again_and_the_board_catches_up()
    {
        var api = web.Api();
        await using var hq = await BoardWatcher.StartAsync(web, BoardScopes.Headquarters);
        var stream = web.Services.GetRequiredService<IClusterClient>().GetStreamProvider(GridStreams.Provider)
            .GetStream<BoardBatch>(StreamId.Create(BoardStreams.Namespace, BoardScopes.Headquarters));
        var dropped = await stream.GetAllSubscriptionHandles();
        Assert.NotEmpty(dropped);
        foreach (var handle in dropped) await handle.UnsubscribeAsync();

        var missed = await api.OpenCaseAsync(Severity.P3, region: "north");
        // The relay checks every 5 s; cases opened after it subscribes again reach the board as events.
        CaseView? delivered = null;
        for (var attempt = 0; attempt < 30 && delivered is null; attempt++)
        {
            var opened = await api.OpenCaseAsync(Severity.P3, region: "north");
            await Task.Delay(TimeSpan.FromSeconds(1));
            if (hq.Received.Any(e => e.Case?.Id == opened.Id)) delivered = opened;
        }

        Assert.NotNull(delivered);
        Assert.Contains(await stream.GetAllSubscriptionHandles(), handle => dropped.All(old => old.HandleId != handle.HandleId));
        // The case opened while nothing was subscribed is on the client's board (the gap made it take a new snapshot).
        Assert.NotNull(hq.Case(missed.Id));
    }

    [Fact]
    public async Task A_batch_the_stream_lost_reaches_a_quiet_board_at_the_relays_next_check()
    {
        var api = web.Api();
        await using var hq = await BoardWatcher.StartAsync(web, BoardScopes.Headquarters);
        var seen = await api.OpenCaseAsync(Severity.P3, region: "east");
        await hq.WaitForAsync(e => e.Case?.Id == seen.Id, TimeSpan.FromSeconds(10));
        var stream = web.Services.GetRequiredService<IClusterClient>().GetStreamProvider(GridStreams.Provider)
            .GetStream<BoardBatch>(StreamId.Create(BoardStreams.Namespace, BoardScopes.Headquarters));
        foreach (var handle in await stream.GetAllSubscriptionHandles()) await handle.UnsubscribeAsync();

        // Nothing follows it: no later event can show the client a gap.
        var missed = await api.OpenCaseAsync(Severity.P3, region: "east");

        await hq.WaitForAsync(e => e.Case?.Id == missed.Id, TimeSpan.FromSeconds(20));
        Assert.Equal(missed.Version, hq.Case(missed.Id)?.Version);
        Assert.Single(hq.Received, e => e.Type == BoardEventTypes.CaseChanged && e.Case?.Id == missed.Id);
    }
}
