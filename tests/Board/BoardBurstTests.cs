using System.Collections.Immutable;
using ServiceGrid.Board;
using ServiceGrid.Cases;

namespace ServiceGrid.Tests.Board;

/// <summary>
/// A burst the sequencer gathers in one window can exceed what one memory-stream message may hold (1 MB); it must still
/// reach the board whole and in order. Its own web host: the synthetic cases stay off the shared boards.
/// </summary>
public sealed class BoardBurstTests(BoardWebFixture web) : IClassFixture<BoardWebFixture>
{
    [Fact]
    public async Task A_burst_of_more_than_a_megabyte_of_case_events_reaches_the_board_whole_and_in_seq_order()
    {
        const int Cases = 3_000;
        var now = DateTimeOffset.UtcNow;
        var pending = new MilestoneView(now.AddHours(1), MilestoneStatus.Pending, null);
        // About 500 bytes a row (a title of its own each: the serializer writes a shared string once), 1.5 MB in all.
        var padding = new string('x', 400);
        var burst = Enumerable.Range(1, Cases).Select(n => new BoardEvent
        {
            Type = BoardEventTypes.CaseChanged,
            At = now,
            Case = new BoardRow
            {
                Id = $"burst-{n}", Version = 1, Severity = Severity.P3, Kind = CaseKind.Service, State = CaseState.Open,
                Tier = Tiers.Branch, Region = "north", Title = $"{n} {padding}", Sla = new SlaView(pending, pending, pending),
                NextDueAt = pending.DueAt, OpenedAt = now,
            },
        }).ToImmutableArray();
        await using var hq = await BoardWatcher.StartAsync(web, BoardScopes.Headquarters);

        await web.Grains.GetGrain<IBoardScopeGrain>(BoardScopes.Headquarters).Publish(burst);

        await hq.WaitForAsync(e => e.Case?.Id == $"burst-{Cases}", TimeSpan.FromSeconds(30));
        var received = hq.Received.Where(e => e.Case?.Id.StartsWith("burst-") == true).ToList();
        Assert.Equal(burst.Select(e => e.Case!.Id), received.Select(e => e.Case!.Id));
        Assert.Equal(Enumerable.Range(0, Cases).Select(n => received[0].Seq + n), received.Select(e => e.Seq));
        Assert.Equal(1, hq.Snapshots);
    }
}
