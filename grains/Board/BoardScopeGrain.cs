using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Streams;
using ServiceGrid.Board;
using ServiceGrid.Events;
using ServiceGrid.Grains.Organization;

namespace ServiceGrid.Grains.Board;

/// <summary>
/// The sequencer of one scope. The events that change this scope's board get consecutive seqs and leave in batches on
/// the scope's board stream, which every web node relays to its clients: at most one batch per window, so an event
/// after a quiet window leaves at once and the ones that follow it wait for the window's end. Engineer moves wait for
/// their own, longer window and are coalesced to the latest per engineer. The board is changed only when seqs are
/// assigned, and the grain is not reentrant, so a snapshot holds exactly the events up to its version.
/// </summary>
[KeepAlive]
public sealed partial class BoardScopeGrain(
    IOptions<BoardSequencerOptions> options,
    OrganizationDirectory organization,
    TimeProvider clock,
    ILogger<BoardScopeGrain> logger) : Grain, IBoardScopeGrain
{
    // A new activation starts counting at zero again; clients see the new epoch and take a new snapshot.
    readonly string _epoch = Guid.NewGuid().ToString("N");
    readonly List<BoardEvent> _pending = [];
    readonly Dictionary<string, BoardEvent> _moves = [];
    readonly Queue<BoardEvent> _sent = new();
    /// <summary>On <c>hq</c> only: the customers' own feeds it numbers.</summary>
    CustomerFeeds? _customers;
    ScopeBoard _board = null!;
    string? _branchId;
    ImmutableArray<string> _regions = [];
    IAsyncStream<BoardBatch> _stream = null!;
    IGrainTimer? _flushTimer;
    DateTimeOffset _flushAt;
    DateTimeOffset _lastFlush = DateTimeOffset.MinValue;
    long _seq;

    string Scope => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var branchId = BoardScopes.BranchOf(Scope);
        var branch = branchId is null ? null : await organization.FindBranchAsync(branchId);
        var chart = await organization.GetChartAsync();
        if (Scope != BoardScopes.Headquarters && branch is null) throw DomainException.NotFound("Board scope", Scope);

        _branchId = branchId;
        _regions = [.. chart.Regions.Where(r => branch is null || r.Id == branch.RegionId).Select(r => r.Id)];
        _board = new ScopeBoard(branchId, branch?.RegionId, options.Value.RecentAlerts, options.Value.RetainedDepartures);
        if (Scope == BoardScopes.Headquarters) _customers = new CustomerFeeds();
        _stream = this.GetStreamProvider(GridStreams.Provider).GetStream<BoardBatch>(StreamId.Create(BoardStreams.Namespace, Scope));
        // Start from the read models; events already in them arrive again with versions the board ignores.
        foreach (var boardEvent in (await ReadModelEventsAsync()).Events) _board.Apply(boardEvent);
    }

    /// <summary>
    /// The memory streams can lose events on their way here when a silo dies (ReadModelRepair, durable mode): whatever the
    /// regions' read models and the alert log, reconciled with the query tables just before, hold newer than this board
    /// goes out as events. So do the final versions of the cases this board still shows that no region holds as active.
    /// </summary>
    public async Task Reconcile()
    {
        var (events, active) = await ReadModelEventsAsync();
        foreach (var region in _board.Cases.Where(row => !active.Contains(row.Id)).GroupBy(row => row.Region))
            foreach (var view in await GrainFactory.GetGrain<IRegionGrain>(region.Key).Find([.. region.Select(row => row.Id)]))
                events.Add(BoardRows.CaseEvent(view));
        await Publish([.. events]);
    }

    /// <summary>The scope's regions' active cases and engineers and the recent alerts as board events, and the ids of those cases.</summary>
    async Task<(List<BoardEvent> Events, HashSet<string> ActiveCases)> ReadModelEventsAsync()
    {
        var events = new List<BoardEvent>();
        var active = new HashSet<string>();
        foreach (var regionId in _regions)
        {
            var region = GrainFactory.GetGrain<IRegionGrain>(regionId);
            foreach (var view in await region.GetActive())
            {
                active.Add(view.Id);
                events.Add(BoardRows.CaseEvent(view));
            }
            events.AddRange((await region.GetEngineers(_branchId)).Select(BoardRows.EngineerEvent));
        }
        // After the cases: a branch board shows an alert about a case only while the case is on it.
        foreach (var alert in await GrainFactory.GetGrain<IAlertLogGrain>(GridStreams.AllKey).Since(null, options.Value.RecentAlerts))
            events.Add(new BoardEvent { Type = BoardEventTypes.Alert, Alert = alert, At = alert.At });
        return (events, active);
    }

    public Task Publish(ImmutableArray<BoardEvent> events)
    {
        foreach (var boardEvent in events)
        {
            if (boardEvent.Engineer is { } engineer && boardEvent.Type == BoardEventTypes.EngineerMoved)
            {
                if (!_moves.TryGetValue(engineer.Id, out var queued) || queued.Engineer!.Version < engineer.Version) _moves[engineer.Id] = boardEvent;
                FlushBy(clock.GetUtcNow() + options.Value.EngineerWindow);
            }
            else
            {
                _pending.Add(boardEvent);
                FlushBy(_lastFlush + options.Value.BatchWindow);
            }
        }
        return Task.CompletedTask;
    }

    public Task<ImmutableArray<BoardEvent>> EventsAfter(string epoch, long seq)
    {
        var after = epoch == _epoch ? seq : 0;
        return Task.FromResult(_sent.Where(sent => sent.Seq > after).ToImmutableArray());
    }

    public Task<BoardSnapshot> Snapshot() =>
        Task.FromResult(new BoardSnapshot(Scope, _epoch, _seq, _board.Cases, _board.Engineers, _board.OpenAlerts));

    public Task<BoardSnapshot> CustomerSnapshot(string customerId) =>
        _customers is null
            ? throw new InvalidOperationException($"Board {Scope}: customers' feeds are numbered by the '{BoardScopes.Headquarters}' scope.")
            : Task.FromResult(_customers.Snapshot(customerId, _epoch, _board.Cases));

    void FlushBy(DateTimeOffset due)
    {
        if (_flushTimer is not null && _flushAt <= due) return;
        _flushAt = due;
        _flushTimer = this.ArmOnce(_flushTimer, FlushAsync, due - clock.GetUtcNow());
    }

    async Task FlushAsync()
    {
        _flushTimer?.Dispose();
        _flushTimer = null;
        _lastFlush = clock.GetUtcNow();
        var batch = new List<BoardEvent>();
        foreach (var boardEvent in _pending.Concat(_moves.Values))
            if (_board.Apply(boardEvent))
            {
                var sequenced = boardEvent with { Seq = ++_seq, Epoch = _epoch };
                batch.Add(_customers?.Number(sequenced) ?? sequenced);
            }
        _pending.Clear();
        _moves.Clear();
        foreach (var boardEvent in batch) _sent.Enqueue(boardEvent);
        while (_sent.Count > options.Value.RetainedEvents) _sent.Dequeue();
        foreach (var chunk in batch.Chunk(options.Value.MaxBatchEvents))
        {
            try
            {
                await _stream.OnNextAsync(new BoardBatch(Scope, _epoch, [.. chunk]));
            }
            catch (Exception exception)
            {
                // The seqs are spent: web nodes take the events from those retained at their next check (BoardRelay).
                LogBatchLost(logger, exception, Scope, chunk[0].Seq, chunk[^1].Seq);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Board {Scope}: events {FirstSeq}-{LastSeq} could not be sent; clients will re-sync")]
    static partial void LogBatchLost(ILogger logger, Exception exception, string scope, long firstSeq, long lastSeq);
}
