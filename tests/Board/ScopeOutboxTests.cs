using System.Collections.Immutable;
using System.Reflection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ServiceGrid.Board;
using ServiceGrid.Grains.Board;
using ServiceGrid.Tests.Infrastructure;

namespace ServiceGrid.Tests.Board;

/// <summary>
/// A feed's hand-off to a sequencer that fails (its silo just died) is retried, in order and with what arrived meanwhile,
/// rather than dropped; only past the outbox's two minutes are the events given up.
/// </summary>
public sealed class ScopeOutboxTests
{
    readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
    /// <summary>One turn at a time, as in the feed grain that owns the outbox.</summary>
    readonly TaskScheduler _feedTurns = new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler;
    readonly Sequencer _hq = new();
    readonly ScopeOutbox _outbox;

    public ScopeOutboxTests() => _outbox = new ScopeOutbox(GrainFactoryWith(_hq), new BoardSequencerOptions(), TestMetrics.Create(), _clock, NullLogger.Instance);

    [Fact]
    public async Task Events_refused_by_a_sequencer_go_again_in_order_with_those_that_arrived_meanwhile()
    {
        _hq.RefuseNext = 2;

        await SendAsync("a");
        await SendAsync("b", "c");
        Assert.Equal(1, _hq.Refused);
        _clock.Advance(TimeSpan.FromMilliseconds(500));
        await UntilAsync(() => _hq.Refused == 2);
        Assert.Empty(_hq.Received);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await UntilAsync(() => _hq.Received.Count == 3);

        Assert.Equal(["a", "b", "c"], _hq.Received);
        await SendAsync("d");
        await UntilAsync(() => _hq.Received.Count == 4);
        Assert.Equal(["a", "b", "c", "d"], _hq.Received);
    }

    [Fact]
    public async Task Events_a_sequencer_refuses_for_two_minutes_are_given_up_and_the_next_ones_go_through()
    {
        _hq.RefuseNext = int.MaxValue;
        await SendAsync("lost");
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromMinutes(2); waited += TimeSpan.FromSeconds(8))
        {
            var refused = _hq.Refused;
            _clock.Advance(TimeSpan.FromSeconds(8));
            await UntilAsync(() => _hq.Refused > refused);
        }
        // The refusal two minutes after the first was the last try.
        var tries = _hq.Refused;
        _clock.Advance(TimeSpan.FromSeconds(8));
        // A retry the clock had set off would be a turn queued on the feed's scheduler: one queued after it runs after it.
        await Task.Factory.StartNew(() => { }, CancellationToken.None, TaskCreationOptions.None, _feedTurns);
        Assert.Equal(tries, _hq.Refused);

        _hq.RefuseNext = 0;
        await SendAsync("next");
        await UntilAsync(() => _hq.Received.Count == 1);
        Assert.Equal(["next"], _hq.Received);
    }

    Task SendAsync(params string[] ids) => Task.Factory.StartNew(() => _outbox.Send([BoardScopes.Headquarters], Events(ids)),
        CancellationToken.None, TaskCreationOptions.None, _feedTurns);

    static ImmutableArray<BoardEvent> Events(params string[] ids) =>
        [.. ids.Select(id => new BoardEvent { Type = BoardEventTypes.Escalated, Note = id, At = DateTimeOffset.UnixEpoch })];

    /// <summary>Waits for the condition, then for the outbox's turn that met it to end (so its next delay is armed).</summary>
    async Task UntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the outbox did not get there");
            await Task.Delay(10);
        }
        await Task.Factory.StartNew(() => { }, CancellationToken.None, TaskCreationOptions.None, _feedTurns);
    }

    /// <summary>A sequencer that refuses the next calls it is told to, and records what it takes.</summary>
    sealed class Sequencer : IBoardScopeGrain
    {
        readonly List<string> _received = [];
        int _refused;

        public int RefuseNext { get; set; }
        public int Refused => Volatile.Read(ref _refused);
        public IReadOnlyList<string> Received { get { lock (_received) return [.. _received]; } }

        public Task Publish(ImmutableArray<BoardEvent> events)
        {
            if (RefuseNext > 0)
            {
                RefuseNext--;
                Interlocked.Increment(ref _refused);
                return Task.FromException(new SiloUnavailableException("the sequencer's silo is gone"));
            }
            lock (_received) _received.AddRange(events.Select(e => e.Note!));
            return Task.CompletedTask;
        }

        public Task<BoardSnapshot> Snapshot() => throw new NotSupportedException();

        public Task<BoardSnapshot> CustomerSnapshot(string customerId) => throw new NotSupportedException();

        public Task Reconcile() => throw new NotSupportedException();

        public Task<ImmutableArray<BoardEvent>> EventsAfter(string epoch, long seq) => throw new NotSupportedException();
    }

    static IGrainFactory GrainFactoryWith(IBoardScopeGrain sequencer)
    {
        var factory = DispatchProxy.Create<IGrainFactory, GrainFactoryProxy>();
        ((GrainFactoryProxy)(object)factory).Sequencer = sequencer;
        return factory;
    }

    /// <summary>An <see cref="IGrainFactory"/> that knows one grain: the sequencer every scope's reference points at.</summary>
    public class GrainFactoryProxy : DispatchProxy
    {
        public IBoardScopeGrain? Sequencer { get; set; }

        protected override object? Invoke(MethodInfo? method, object?[]? args) =>
            method?.ReturnType == typeof(IBoardScopeGrain) ? Sequencer : throw new NotSupportedException(method?.Name);
    }
}
