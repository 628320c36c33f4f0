using Microsoft.Extensions.Logging;
using Orleans.Streams;
using Orleans.Streams.Core;
using ServiceGrid.Cases;
using ServiceGrid.Events;
using ServiceGrid.Grains.Reports;
using ServiceGrid.Grains.Service;
using ServiceGrid.Reports;
using ServiceGrid.Service;

namespace ServiceGrid.Grains.ReadModel;

/// <summary>
/// Keeps one region's case changes beyond the live read model, as the only follower of the region's event stream for
/// that: each further follower was one more delivery of every event (bench/ intake, perf).
/// <list type="bullet">
/// <item>Durable mode: the query tables (<paramref name="writer"/>), which the reports and lists read.</item>
/// <item>Embedded mode has no query tables: the monthly report grains, in memory.</item>
/// <item>Both: a complaint opened counts towards the region's complaint trend.</item>
/// </list>
/// Events are only buffered when they arrive (the newest view per case, with the union of its entries); a timer writes
/// the buffer in one batch per flush, so that a burst becomes one transaction (or one call per month's report) and a
/// slow or unreachable database never holds up the stream. After a commit each case is told which version the tables
/// confirmed (<see cref="ICaseGrain.ProjectedUpTo"/>); a failed flush keeps the buffer and retries with back-off, and
/// the case grains announce again whatever stays unconfirmed (CaseGrain.Projection.cs).
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
        handleFactory.Create<RegionEvent>().ResumeAsync(async (regionEvent, _) =>
        {
            if (regionEvent is not CaseChanged changed) return;
            // Awaited: if the count fails, the delivery fails and the stream delivers the event again.
            if (ComplaintTrendGrain.IsComplaintOpened(changed)) await GrainFactory.GetGrain<IComplaintTrendGrain>(RegionId).Count(changed.Case);
            Buffer(changed);
            // While a flush runs or waits to retry, the event simply joins the next batch.
            if (!_flushing && !_armed) Arm(TimeSpan.Zero);
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
            var confirmed = writer is null ? await ApplyToMonthlyReportsAsync(batch.Values) : await writer.WriteAsync(batch.Values, cancellationToken);
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

    /// <summary>Hands each report grain of a month its cases' facts; the report grains decide by version, so a replay changes nothing.</summary>
    async Task<IReadOnlyList<ProjectedCase>> ApplyToMonthlyReportsAsync(IEnumerable<CaseChanged> batch)
    {
        await Task.WhenAll(batch.GroupBy(changed => MonthlyReports.MonthOf(changed.Case.OpenedAt)).Select(month =>
            GrainFactory.GetGrain<IMonthlyReportGrain>(MonthlyReports.GrainKey(RegionId, month.Key))
                .Apply([.. month.Select(changed => MonthlyReports.Facts(changed.Case))])));
        // Nothing waits for a confirmation without query tables.
        return [];
    }

    string RegionId => this.GetPrimaryKeyString();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Region {Region}: {Count} case change(s) could not be written to the query tables or reports; retrying in {Retry}")]
    static partial void LogWriteFailed(ILogger logger, Exception exception, string region, int count, TimeSpan retry);

    [LoggerMessage(Level = LogLevel.Information, Message = "Region {Region}: the query tables or reports are written again")]
    static partial void LogRecovered(ILogger logger, string region);
}
