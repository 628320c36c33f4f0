using Microsoft.Extensions.Logging;
using Orleans.Streams;
using Orleans.Streams.Core;
using ServiceGrid.Cases;
using ServiceGrid.Events;

namespace ServiceGrid.Grains.ReadModel;

/// <summary>
/// Projects one region's case changes into the query tables. Events are only buffered when they arrive (the newest
/// view per case, with the union of its entries); a timer writes the buffer in one transaction per flush, so that a
/// burst becomes one batch and a slow or unreachable database never holds up the stream. After a commit each case is
/// told which version the tables confirmed (<see cref="ICaseGrain.ProjectedUpTo"/>); a failed flush keeps the buffer
/// and retries with back-off, and the case grains announce again whatever stays unconfirmed (CaseGrain.Projection.cs).
/// Embedded mode has no query tables (no <paramref name="writer"/>): the events are let pass.
/// </summary>
[ImplicitStreamSubscription(GridStreams.RegionEvents)]
[KeepAlive]
public sealed partial class CaseProjectionGrain(ILogger<CaseProjectionGrain> logger, ICaseTableWriter? writer = null)
    : Grain, ICaseProjectionGrain, IStreamSubscriptionObserver
{
    static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(500);
    static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(10);
    /// <summary>Cases per transaction; a larger buffer is written in several flushes.</summary>
    const int MaxBatch = 500;

    Dictionary<string, CaseChanged> _pending = [];
    IGrainTimer? _flushTimer;
    bool _flushing;
    bool _armed;
    TimeSpan _retry = FirstRetry;

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        handleFactory.Create<RegionEvent>().ResumeAsync((regionEvent, _) =>
        {
            if (writer is not null && regionEvent is CaseChanged changed)
            {
                Buffer(changed);
                // While a flush runs or waits to retry, the event simply joins the next batch.
                if (!_flushing && !_armed) Arm(TimeSpan.Zero);
            }
            return Task.CompletedTask;
        });

    void Buffer(CaseChanged changed)
    {
        var id = changed.Case.Id;
        _pending[id] = _pending.TryGetValue(id, out var known) ? Merge(known, changed) : changed;
    }

    /// <summary>The newer view, with the entries of both (a version appears once).</summary>
    static CaseChanged Merge(CaseChanged a, CaseChanged b)
    {
        var newer = a.Case.Version >= b.Case.Version ? a.Case : b.Case;
        var entries = a.Entries.Concat(b.Entries).DistinctBy(entry => entry.Version).OrderBy(entry => entry.Version);
        return new CaseChanged(newer, [.. entries]);
    }

    void Arm(TimeSpan delay)
    {
        _armed = true;
        // Interleave: stream deliveries keep landing in the buffer while a flush waits on the database.
        if (_flushTimer is null)
            _flushTimer = this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan) { Interleave = true });
        else
            _flushTimer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    async Task FlushAsync(CancellationToken cancellationToken)
    {
        _armed = false;
        if (_flushing || _pending.Count == 0) return;
        _flushing = true;
        var batch = _pending.Count <= MaxBatch ? _pending : _pending.Take(MaxBatch).ToDictionary();
        if (ReferenceEquals(batch, _pending)) _pending = [];
        else foreach (var id in batch.Keys) _pending.Remove(id);
        try
        {
            var confirmed = await writer!.WriteAsync(batch.Values, cancellationToken);
            foreach (var (caseId, version) in confirmed)
                GrainFactory.GetGrain<ICaseGrain>(caseId).ProjectedUpTo(version).Ignore();
            if (_retry != FirstRetry) LogRecovered(logger, RegionId);
            _retry = FirstRetry;
            _flushing = false;
            if (_pending.Count > 0) Arm(TimeSpan.Zero);
        }
        catch (Exception exception)
        {
            // Nothing was confirmed: keep the batch (what arrived meanwhile may be newer) and try again later.
            foreach (var changed in batch.Values) Buffer(changed);
            LogWriteFailed(logger, exception, RegionId, batch.Count, _retry);
            _flushing = false;
            Arm(_retry);
            _retry = TimeSpan.FromTicks(Math.Min(_retry.Ticks * 2, MaxRetry.Ticks));
        }
    }

    string RegionId => this.GetPrimaryKeyString();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Region {Region}: {Count} case change(s) could not be written to the query tables; retrying in {Retry}")]
    static partial void LogWriteFailed(ILogger logger, Exception exception, string region, int count, TimeSpan retry);

    [LoggerMessage(Level = LogLevel.Information, Message = "Region {Region}: the query tables are written again")]
    static partial void LogRecovered(ILogger logger, string region);
}
