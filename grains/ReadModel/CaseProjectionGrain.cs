using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Orleans.Streams.Core;
using ServiceGrid.Care;
using ServiceGrid.Cases;
using ServiceGrid.Grains.Care;
using ServiceGrid.Events;
using ServiceGrid.Grains.Service;
using ServiceGrid.Service;
using ServiceGrid.Telemetry;

namespace ServiceGrid.Grains.ReadModel;

/// <summary>
/// Keeps one region's case changes beyond the live read model, as the only follower of the region's event stream for
/// that: each further follower was one more delivery of every event (bench/ intake, perf). It hands each change on:
/// <list type="bullet">
/// <item>to the case tables (<paramref name="writer"/>): durable mode's query tables, which the reports and lists read;
/// embedded mode's <see cref="InMemoryCaseTables"/>, which feed the monthly report grains;</item>
/// <item>a complaint opened, to the region's complaint trend (<see cref="ComplaintTrendGrain"/> counts);</item>
/// <item>a case closed or surveyed, to the region's follow-ups of its closing month (<see cref="FollowUpGrain"/>).</item>
/// </list>
/// Events are only buffered when they arrive (<see cref="CaseChangeBuffer"/>); a timer writes the buffer in one batch per
/// flush, so that a burst becomes one transaction (or one call per month's report) and a slow or unreachable database
/// never holds up the stream. After a commit each case is told which version the tables confirmed
/// (<see cref="ICaseGrain.ProjectedUpTo"/>); a failed flush keeps the buffer and retries with back-off, and the case
/// grains announce again whatever stays unconfirmed (<c>CaseAnnouncer</c>).
/// </summary>
[ImplicitStreamSubscription(GridStreams.RegionEvents)]
[KeepAlive]
public sealed partial class CaseProjectionGrain(
    ICaseTableWriter writer, IOptions<ReadModelOptions> options, ServiceGridMetrics metrics, TimeProvider clock, ILogger<CaseProjectionGrain> logger)
    : Grain, ICaseProjectionGrain, IStreamSubscriptionObserver
{
    readonly CaseChangeBuffer _pending = new();
    readonly Backoff _retry = new(options.Value.ProjectionFirstRetry, options.Value.ProjectionMaxRetry);
    IGrainTimer? _flushTimer;
    bool _flushing;
    bool _armed;

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        handleFactory.Create<RegionEvent>().ResumeAsync(async (regionEvent, _) =>
        {
            if (regionEvent is not CaseChanged changed) return;
            // Awaited: if the count fails, the delivery fails and the stream delivers the event again.
            if (ComplaintTrendGrain.IsComplaintOpened(changed)) await GrainFactory.GetGrain<IComplaintTrendGrain>(RegionId).Count(changed.Case);
            if (FollowUpGrain.Concerns(changed) && FollowUpKeys.ClosedAt(changed.Case) is { } closedAt)
                await GrainFactory.GetGrain<IFollowUpGrain>(FollowUpKeys.Of(changed.Case.Region, closedAt)).Apply(changed.Case);
            _pending.Add(changed);
            // While a flush runs or waits to retry, the event simply joins the next batch.
            if (!_flushing && !_armed) Arm(TimeSpan.Zero);
        });

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
        var batch = _pending.Take(options.Value.ProjectionMaxBatch);
        try
        {
            foreach (var (caseId, version) in await writer.WriteAsync(batch, cancellationToken))
                GrainFactory.GetGrain<ICaseGrain>(caseId).ProjectedUpTo(version).Ignore();
            var written = clock.GetUtcNow();
            foreach (var changed in batch) metrics.ProjectionLag.Record(Math.Max(0, (written - changed.Case.UpdatedAt).TotalSeconds));
            if (!_retry.AtFirst) LogRecovered(logger, RegionId);
            _retry.Reset();
            _flushing = false;
            if (_pending.Count > 0) Arm(TimeSpan.Zero);
        }
        catch (Exception exception)
        {
            // Nothing was confirmed: keep the batch (what arrived meanwhile may be newer) and try again later.
            foreach (var changed in batch) _pending.Add(changed);
            var retry = _retry.Next();
            LogWriteFailed(logger, exception, RegionId, batch.Count, retry);
            _flushing = false;
            Arm(retry);
        }
    }

    string RegionId => this.GetPrimaryKeyString();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Region {Region}: {Count} case change(s) could not be written to the query tables or reports; retrying in {Retry}")]
    static partial void LogWriteFailed(ILogger logger, Exception exception, string region, int count, TimeSpan retry);

    [LoggerMessage(Level = LogLevel.Information, Message = "Region {Region}: the query tables or reports are written again")]
    static partial void LogRecovered(ILogger logger, string region);
}
