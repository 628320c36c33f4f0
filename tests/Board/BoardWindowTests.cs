using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Streams;
using ServiceGrid.Board;
using ServiceGrid.Cases;
using ServiceGrid.Events;
using ServiceGrid.Grains.Board;
using ServiceGrid.Tests.Infrastructure;
using static ServiceGrid.Tests.Infrastructure.TestOrganization;

namespace ServiceGrid.Tests.Board;

/// <summary>At most one batch per window: the first event after a quiet window leaves at once, the next ones share the batch at the window's end.</summary>
[Collection(ClusterCollection.Name)]
public sealed class BoardWindowTests(ClusterFixture fixture)
{
    [Fact]
    public async Task An_event_after_a_quiet_window_leaves_at_once_and_the_ones_right_after_it_share_one_batch_at_the_windows_end()
    {
        var scope = BoardScopes.Branch(Shenzhen);
        var batches = new ConcurrentQueue<ImmutableArray<string>>();
        var stream = fixture.SiloServices.GetRequiredService<IClusterClient>().GetStreamProvider(GridStreams.Provider)
            .GetStream<BoardBatch>(StreamId.Create(BoardStreams.Namespace, scope));
        var subscription = await stream.SubscribeAsync((batch, _) =>
        {
            var ours = batch.Events.Select(e => e.Case?.Id).OfType<string>().Where(id => id.StartsWith("window-")).ToImmutableArray();
            if (ours.Length > 0) batches.Enqueue(ours);
            return Task.CompletedTask;
        });
        try
        {
            var sequencer = fixture.Grains.GetGrain<IBoardScopeGrain>(scope);
            await sequencer.Snapshot();
            var window = new BoardSequencerOptions().BatchWindow;
            await fixture.AdvanceAsync(window);

            await sequencer.Publish([Row("window-1")]);
            await Eventually.Until(() => Task.FromResult(batches.Count), count => count == 1);
            await sequencer.Publish([Row("window-2")]);
            await sequencer.Publish([Row("window-3")]);
            // The grid's clock stands still: the window that window-1 opened has not ended.
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            Assert.Equal([["window-1"]], batches);

            await fixture.AdvanceAsync(window);
            await Eventually.Until(() => Task.FromResult(batches.Count), count => count == 2);
            Assert.Equal([["window-1"], ["window-2", "window-3"]], batches);
        }
        finally
        {
            await subscription.UnsubscribeAsync();
        }
    }

    static BoardEvent Row(string id)
    {
        var at = DateTimeOffset.UtcNow;
        var pending = new MilestoneView(at.AddHours(1), MilestoneStatus.Pending, null);
        return new BoardEvent
        {
            Type = BoardEventTypes.CaseChanged,
            At = at,
            Case = new BoardRow
            {
                Id = id, Version = 1, Severity = Severity.P3, Kind = CaseKind.Service, State = CaseState.Open, Tier = Tiers.Branch,
                Region = South, Title = id, Sla = new SlaView(pending, pending, pending), NextDueAt = pending.DueAt, OpenedAt = at,
            },
        };
    }
}
