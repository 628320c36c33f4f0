using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using ServiceGrid.Cases;
using ServiceGrid.Events;

namespace ServiceGrid.Grains.Cases;

/// <summary>
/// Store first, then tell: a change is announced on the event streams only after it is written, and whatever was
/// written but not yet announced (a crash, a stream hiccup) is announced again on the next activation or retry.
/// Consumers ignore versions they already have, so announcing twice is harmless; announcing never is not.
/// </summary>
public sealed partial class CaseGrain
{
    static readonly TimeSpan FirstPublishRetry = TimeSpan.FromSeconds(5);
    static readonly TimeSpan MaxPublishRetry = TimeSpan.FromMinutes(1);

    IGrainTimer? _publishRetryTimer;
    TimeSpan _publishRetry = FirstPublishRetry;

    /// <summary>Writes the change, then announces it. When the write fails, <paramref name="compensate"/> undoes
    /// what other grains already did for this command.</summary>
    async Task<CaseView> CommitAsync(DateTimeOffset now, Func<Task>? compensate = null)
    {
        Record.UpdatedAt = now;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // The in-memory record now differs from storage: drop it so the next call reloads what is stored.
            DeactivateOnIdle();
            if (compensate is not null) await compensate();
            throw;
        }
        await PublishPendingAsync();
        await ScheduleDeadlinesAsync();
        return Record.ToView(Id);
    }

    async Task PublishPendingAsync()
    {
        if (Record.PublishedVersion >= Record.Version) return;

        var entries = EntriesAfter(Record.PublishedVersion);
        var view = Record.ToView(Id);
        try
        {
            await AnnounceInRegionsAsync(new CaseChanged(view, entries));
            foreach (var alert in CaseAlerts.From(view, entries))
                await this.AlertStream().OnNextAsync(alert);
            Record.PublishedVersion = Record.Version;
            _publishRetryTimer?.Dispose();
            _publishRetryTimer = null;
            _publishRetry = FirstPublishRetry;
            WatchProjection();
        }
        catch (Exception exception)
        {
            // The first failure is worth a warning; the retries that follow are not. When the stream queues are full
            // (100,000 deadlines at once, bench/ deadlines scenario), a warning with its stack trace per case every 5 s
            // wrote gigabytes of log and took the CPU the stream agents needed to drain the queues.
            if (_publishRetryTimer is null) LogPublishFailed(logger, exception, Id, Record.Version);
            else LogPublishRetryFailed(logger, Id, Record.Version, exception.Message);
            ArmPublishRetry();
        }
    }

    /// <summary>
    /// Full queues drain faster when the cases waiting on them back off: each retry waits twice as long as the last
    /// (up to a minute), spread by a random half either way so that cases refused together do not retry together.
    /// </summary>
    void ArmPublishRetry()
    {
        var delay = _publishRetry * (0.5 + Random.Shared.NextDouble());
        _publishRetry = TimeSpan.FromTicks(Math.Min(_publishRetry.Ticks * 2, MaxPublishRetry.Ticks));
        _publishRetryTimer = this.ArmOnce(_publishRetryTimer, PublishPendingAsync, delay);
    }

    /// <summary>A case moved to another region is announced in both, so the region it left drops it.</summary>
    async Task AnnounceInRegionsAsync(CaseChanged changed)
    {
        foreach (var region in changed.Entries.Select(entry => entry.FromRegion).OfType<string>().Append(changed.Case.Region).Distinct())
            await this.RegionStream(region).OnNextAsync(changed);
    }

    ImmutableArray<TimelineEntry> EntriesAfter(int version) =>
        Record.Timeline.Where(entry => entry.Version > version).ToImmutableArray();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Case {CaseId}: version {Version} is stored but could not be published yet; retrying")]
    static partial void LogPublishFailed(ILogger logger, Exception exception, string caseId, int version);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Case {CaseId}: version {Version} still not published ({Reason}); retrying")]
    static partial void LogPublishRetryFailed(ILogger logger, string caseId, int version, string reason);
}
