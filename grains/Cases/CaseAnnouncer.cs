using Microsoft.Extensions.Logging;
using ServiceGrid.Cases;
using ServiceGrid.Events;

namespace ServiceGrid.Grains.Cases;

/// <summary>
/// Store first, then tell: the case hands a change to <see cref="PublishPendingAsync"/> only after it is written, and
/// whatever was written but not yet announced (a crash, a stream hiccup) is announced again on the next activation or
/// retry. Consumers ignore versions they already have, so announcing twice is harmless; announcing never is not.
/// <para>
/// The query tables' guarantee (issue #3): every stored version reaches <c>cases</c> and <c>case_events</c> at least
/// once, however many events the memory streams lose when a silo dies. The projection confirms each version it
/// committed (<see cref="ICaseGrain.ProjectedUpTo"/>, then <see cref="Confirm"/>); until then the case announces it
/// again on its region streams, with every entry the tables lack: from a grain timer after
/// <see cref="CaseOptions.ProjectionGrace"/> (then backing off), on every activation, and on the SLA reminder, which
/// stays registered while a version is unconfirmed (<see cref="CaseDeadlineScheduler"/>). An in-memory writer
/// (embedded mode) keeps nothing a crash could lose: every version counts as confirmed, and nothing is announced twice
/// or kept alive.
/// </para>
/// Owned by one case activation and called only on its turns.
/// </summary>
public sealed partial class CaseAnnouncer(Grain grain, IPersistentState<CaseRecord> state, bool awaitsConfirmation, CaseOptions options, ILogger logger)
{
    readonly Backoff _publishRetry = new(options.FirstPublishRetry, options.MaxPublishRetry);
    readonly Backoff _projectionRetry = new(options.ProjectionGrace, options.MaxProjectionRetry);
    IGrainTimer? _publishRetryTimer;
    IGrainTimer? _projectionTimer;

    CaseRecord Record => state.State;
    string Id => grain.GetPrimaryKeyString();

    /// <summary>Whether the query tables hold every stored version (always, without tables that outlive the process).</summary>
    public bool Confirmed => !awaitsConfirmation || Record.ProjectedVersion >= Record.Version;

    public async Task PublishPendingAsync()
    {
        if (Record.PublishedVersion >= Record.Version) return;

        var entries = Record.EntriesAfter(Record.PublishedVersion);
        var view = Record.ToView(Id);
        try
        {
            await AnnounceInRegionsAsync(new CaseChanged(view, entries));
            foreach (var alert in CaseAlerts.From(view, entries))
                await grain.AlertStream().OnNextAsync(alert);
            Record.PublishedVersion = Record.Version;
            _publishRetryTimer?.Dispose();
            _publishRetryTimer = null;
            _publishRetry.Reset();
            WatchProjection();
        }
        catch (Exception exception)
        {
            // The first failure is worth a warning; the retries that follow are not. When the stream queues are full
            // (100,000 deadlines at once, bench/ deadlines scenario), a warning with its stack trace per case every 5 s
            // wrote gigabytes of log and took the CPU the stream agents needed to drain the queues.
            if (_publishRetryTimer is null) LogPublishFailed(logger, exception, Id, Record.Version);
            else LogPublishRetryFailed(logger, Id, Record.Version, exception.Message);
            // Full queues drain faster when the cases waiting on them back off, each at its own pace.
            _publishRetryTimer = grain.ArmOnce(_publishRetryTimer, PublishPendingAsync, _publishRetry.NextJittered());
        }
    }

    /// <summary>Records that the tables hold <paramref name="version"/>; true when that confirms every stored version.</summary>
    public bool Confirm(int version)
    {
        if (version <= Record.ProjectedVersion) return false;
        Record.ProjectedVersion = Math.Min(version, Record.Version);
        if (!Confirmed) return false;
        _projectionTimer?.Dispose();
        _projectionTimer = null;
        _projectionRetry.Reset();
        return true;
    }

    /// <summary>Arms the timer that announces unconfirmed versions again, unless it is armed or nothing is unconfirmed.</summary>
    public void WatchProjection()
    {
        if (Confirmed || _projectionTimer is not null) return;
        // KeepAlive: an idle case must not be collected while the tables still miss some of it.
        _projectionTimer = grain.RegisterGrainTimer(AnnounceUnprojectedAsync,
            new GrainTimerCreationOptions(_projectionRetry.Next(), Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    async Task AnnounceUnprojectedAsync()
    {
        if (Confirmed)
        {
            _projectionTimer?.Dispose();
            _projectionTimer = null;
            return;
        }
        LogAnnouncingAgain(logger, Id, Record.ProjectedVersion, Record.Version);
        try
        {
            await AnnounceInRegionsAsync(new CaseChanged(Record.ToView(Id), Record.EntriesAfter(Record.ProjectedVersion)));
        }
        catch (Exception exception)
        {
            LogPublishFailed(logger, exception, Id, Record.Version);
        }
        _projectionTimer?.Change(_projectionRetry.Next(), Timeout.InfiniteTimeSpan);
    }

    async Task AnnounceInRegionsAsync(CaseChanged changed)
    {
        foreach (var region in RegionsOf(changed)) await grain.RegionStream(region).OnNextAsync(changed);
    }

    /// <summary>A case moved to another region is announced in both, so the region it left drops it.</summary>
    public static IEnumerable<string> RegionsOf(CaseChanged changed) =>
        changed.Entries.Select(entry => entry.FromRegion).OfType<string>().Append(changed.Case.Region).Distinct();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Case {CaseId}: version {Version} is stored but could not be published yet; retrying")]
    static partial void LogPublishFailed(ILogger logger, Exception exception, string caseId, int version);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Case {CaseId}: version {Version} still not published ({Reason}); retrying")]
    static partial void LogPublishRetryFailed(ILogger logger, string caseId, int version, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Case {CaseId}: the query tables confirmed version {Projected} of {Version}; announcing the rest again")]
    static partial void LogAnnouncingAgain(ILogger logger, string caseId, int projected, int version);
}
