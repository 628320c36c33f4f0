using Microsoft.Extensions.Logging;

namespace ServiceGrid.Grains.Cases;

/// <summary>
/// The SLA clock's transitions (<see cref="CaseSlaTransitions"/>), recorded by the case whichever wakes it first: its
/// deadline timer or reminder (<see cref="CaseDeadlineScheduler"/>), or the next command (<c>BeginAsync</c>). Each is
/// recorded once.
/// </summary>
public sealed partial class CaseGrain : IRemindable
{
    public async Task CheckDeadlines()
    {
        if (!Record.Exists)
        {
            DeactivateOnIdle();
            return;
        }
        await ApplyDueDeadlinesAsync();
        // A timer can fire a few milliseconds before the wall clock reaches the due time, finding nothing due yet:
        // arm it again, or the deadline would wait for the reminder's next minute.
        await Deadlines.ScheduleAsync();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        switch (reminderName)
        {
            case CaseParts.ReleaseReminder:
                await Parts.ReleaseAsync();
                return;
            case CaseDeadlineScheduler.CapaReminder:
                await CheckCapaAsync();
                return;
        }
        if (!Deadlines.Needed)
        {
            // A reminder left over from a crash between the last write and its removal.
            await Deadlines.RemoveReminderAsync();
            return;
        }
        await Announcer.PublishPendingAsync();
        Announcer.WatchProjection();
        await ApplyDueDeadlinesAsync();
        // Early (nothing due yet: the timer takes the last milliseconds) or a repeat (move it to the next deadline).
        await Deadlines.ScheduleAsync();
    }

    /// <param name="upTo">The time up to which deadlines have passed: now, or when the command being handled was done.</param>
    async Task ApplyDueDeadlinesAsync(DateTimeOffset? upTo = null)
    {
        var now = clock.GetUtcNow();
        var count = CaseSlaTransitions.RecordDue(Record, upTo ?? now, now);
        if (count == 0) return;
        LogDeadlines(logger, Id, count);
        await CommitAsync(now);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Case {CaseId}: {Count} SLA transition(s) recorded")]
    static partial void LogDeadlines(ILogger logger, string caseId, int count);
}
