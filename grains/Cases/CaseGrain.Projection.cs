using Microsoft.Extensions.Logging;
using ServiceGrid.Events;
using ServiceGrid.Grains.Sla;

namespace ServiceGrid.Grains.Cases;

/// <summary>
/// The query tables' guarantee (issue #3): every stored version of a case reaches <c>cases</c> and <c>case_events</c>,
/// at least once, however many events the memory streams lose when a silo dies.
/// <list type="bullet">
/// <item>The projection (<c>CaseProjectionGrain</c>) confirms each version it committed with
/// <see cref="ProjectedUpTo"/>, only once the row and every timeline entry up to that version are in the tables.</item>
/// <item>Until then this grain announces the case again on its region streams, with every entry the tables lack: a
/// grain timer after <see cref="ProjectionGrace"/> (then backing off), on every activation, and on the SLA reminder,
/// which stays registered while a version is unconfirmed so that a case on a dead silo comes back too.</item>
/// <item>The tables are written idempotently on (case id, version), and every consumer skips versions it has, so
/// announcing again is harmless.</item>
/// </list>
/// A version is announced only after it is stored, so the tables never hold what a crash could take back.
/// Embedded mode has no query tables: every version counts as confirmed, and nothing is announced twice or kept alive.
/// </summary>
public sealed partial class CaseGrain
{
    /// <summary>How long a version may go unconfirmed before it is announced again; a projection commits in milliseconds.</summary>
    static readonly TimeSpan ProjectionGrace = TimeSpan.FromSeconds(5);
    static readonly TimeSpan MaxProjectionRetry = TimeSpan.FromMinutes(1);

    IGrainTimer? _projectionTimer;
    TimeSpan _projectionRetry = ProjectionGrace;

    bool ProjectionConfirmed => queryTables is null || Record.ProjectedVersion >= Record.Version;

    public async Task ProjectedUpTo(int version)
    {
        if (!Record.Exists)
        {
            DeactivateOnIdle();
            return;
        }
        if (version <= Record.ProjectedVersion) return;
        Record.ProjectedVersion = Math.Min(version, Record.Version);
        if (!ProjectionConfirmed) return;

        _projectionTimer?.Dispose();
        _projectionTimer = null;
        _projectionRetry = ProjectionGrace;
        if (SlaClock.NextDeadline(Record.Sla) is not null) return;
        try
        {
            // Kept only for the projection (ScheduleDeadlinesAsync); look it up even when another activation registered it.
            if (await this.GetReminder(DeadlineReminder) is { } reminder) await this.UnregisterReminder(reminder);
            _reminderStart = null;
        }
        catch (Exception exception)
        {
            // It fires once more, finds the case confirmed and removes itself.
            LogReminderFailed(logger, exception, Id);
        }
    }

    /// <summary>Arms the timer that announces unconfirmed versions again, unless it is armed or nothing is unconfirmed.</summary>
    void WatchProjection()
    {
        if (ProjectionConfirmed || _projectionTimer is not null) return;
        // KeepAlive: an idle case must not be collected while the tables still miss some of it.
        _projectionTimer = this.RegisterGrainTimer(AnnounceUnprojectedAsync,
            new GrainTimerCreationOptions(_projectionRetry, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    async Task AnnounceUnprojectedAsync()
    {
        if (ProjectionConfirmed)
        {
            _projectionTimer?.Dispose();
            _projectionTimer = null;
            return;
        }
        LogAnnouncingAgain(logger, Id, Record.ProjectedVersion, Record.Version);
        try
        {
            await AnnounceInRegionsAsync(new CaseChanged(Record.ToView(Id), EntriesAfter(Record.ProjectedVersion)));
        }
        catch (Exception exception)
        {
            LogPublishFailed(logger, exception, Id, Record.Version);
        }
        _projectionRetry = TimeSpan.FromTicks(Math.Min(_projectionRetry.Ticks * 2, MaxProjectionRetry.Ticks));
        _projectionTimer?.Change(_projectionRetry, Timeout.InfiniteTimeSpan);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Case {CaseId}: the query tables confirmed version {Projected} of {Version}; announcing the rest again")]
    static partial void LogAnnouncingAgain(ILogger logger, string caseId, int projected, int version);
}
