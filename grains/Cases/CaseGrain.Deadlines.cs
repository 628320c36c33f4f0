using Microsoft.Extensions.Logging;
using ServiceGrid.Cases;
using ServiceGrid.Grains.Sla;

namespace ServiceGrid.Grains.Cases;

/// <summary>
/// The SLA clock. A durable reminder is due at the next deadline, so a case wakes when something falls due and not
/// before: an open case with nothing due soon holds no timer, and once Orleans collects it, nothing in memory but its
/// stored state (Orleans keeps only reminders due within its loading window in memory). A reminder ticking every
/// minute would keep every open case active, and a timer per case armed for hours ahead fills the .NET timer queue,
/// whose scans took 8 % of the intake CPU with 150,000 cases (perf, bench/ intake).
/// A grain timer covers the last minute before a deadline while the case is active, so that a reminder delivered a
/// few milliseconds early, or late, still lands on the second. Both land in <see cref="ApplyDueDeadlinesAsync"/>,
/// which records a transition only once, whichever comes first.
/// </summary>
public sealed partial class CaseGrain : IRemindable
{
    const string DeadlineReminder = "sla-deadline";
    /// <summary>Orleans reminders repeat at most once a minute; the repeats retry a tick whose handling failed.</summary>
    static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);
    static readonly TimeSpan ReminderRetry = TimeSpan.FromSeconds(5);

    IGrainTimer? _deadlineTimer;
    /// <summary>The first tick of the reminder this activation registered; null when none was, or it is unknown.</summary>
    DateTimeOffset? _reminderStart;

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
        await ScheduleDeadlinesAsync();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == PartsReleaseReminder)
        {
            await ReleaseReservationsAsync();
            return;
        }
        if (reminderName == CapaReminder)
        {
            await CheckCapaAsync();
            return;
        }
        if (!Record.Exists || (SlaClock.NextDeadline(Record.Sla) is null && ProjectionConfirmed))
        {
            // A reminder left over from a crash between the last write and its removal.
            if (await this.GetReminder(reminderName) is { } stale) await this.UnregisterReminder(stale);
            _reminderStart = null;
            return;
        }
        await PublishPendingAsync();
        WatchProjection();
        await ApplyDueDeadlinesAsync();
        // Early (nothing due yet: the timer takes the last milliseconds) or a repeat (move it to the next deadline).
        await ScheduleDeadlinesAsync();
    }

    async Task ApplyDueDeadlinesAsync()
    {
        var now = clock.GetUtcNow();
        var (clocks, transitions) = SlaClock.Advance(Record.Sla, now);
        if (transitions.Count == 0) return;

        Record.Sla = clocks;
        foreach (var (milestone, status) in transitions)
        {
            var breached = status == MilestoneStatus.Breached;
            Append(breached ? TimelineTypes.SlaBreached : TimelineTypes.SlaAtRisk, SlaActor, now, milestone: milestone);
            // Service plan 4.5: a case not handled in time goes up a level; HQ (tier 1) keeps it in its inbox.
            if (breached && Record.Tier > Tiers.Headquarters)
                EscalateOneTier($"{CaseTransitions.Name(milestone)} SLA breached", SlaActor, now);
        }
        LogDeadlines(logger, Id, transitions.Count);
        await CommitAsync(now);
    }

    async Task ScheduleDeadlinesAsync()
    {
        var now = clock.GetUtcNow();
        var next = SlaClock.NextDeadline(Record.Sla);
        var untilNext = next - now;
        ArmDeadlineTimer(untilNext <= ReminderPeriod ? untilNext : null);
        if (WakeAt(next, now) is not { } wake)
        {
            if (_reminderStart is not null && await this.GetReminder(DeadlineReminder) is { } reminder)
                await this.UnregisterReminder(reminder);
            _reminderStart = null;
            return;
        }
        // An unconfirmed version only needs a tick within the minute, and one already due by then will do: so commits
        // in a row write the reminder once, and the tick that finds them confirmed moves it on to the next deadline.
        if (_reminderStart == wake || (!ProjectionConfirmed && _reminderStart <= wake)) return;
        await RegisterReminderAsync(wake, now);
    }

    /// <summary>
    /// When the reminder must tick: at the next deadline, and within the minute while the query tables have not
    /// confirmed the last version (CaseGrain.Projection.cs), so that a case on a dead silo comes back to announce it.
    /// </summary>
    DateTimeOffset? WakeAt(DateTimeOffset? nextDeadline, DateTimeOffset now)
    {
        if (ProjectionConfirmed) return nextDeadline;
        var recheck = now + ReminderPeriod;
        return nextDeadline < recheck ? nextDeadline : recheck;
    }

    /// <summary>Arms the timer that checks the deadlines after <paramref name="delay"/>, or disarms it (null).</summary>
    void ArmDeadlineTimer(TimeSpan? delay)
    {
        if (delay is null)
        {
            _deadlineTimer?.Dispose();
            _deadlineTimer = null;
            return;
        }
        _deadlineTimer = this.ArmOnce(_deadlineTimer, CheckDeadlines, delay.Value);
    }

    async Task RegisterReminderAsync(DateTimeOffset wake, DateTimeOffset now)
    {
        try
        {
            var dueIn = wake - now;
            await this.RegisterOrUpdateReminder(DeadlineReminder, dueIn > TimeSpan.Zero ? dueIn : TimeSpan.Zero, ReminderPeriod);
            _reminderStart = wake;
        }
        catch (Exception exception)
        {
            // The change is already stored: the timer tries again soon, and checks a deadline due before then.
            _reminderStart = null;
            LogReminderFailed(logger, exception, Id);
            ArmDeadlineTimer(wake - now < ReminderRetry ? wake - now : ReminderRetry);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Case {CaseId}: the SLA reminder could not be registered; will retry")]
    static partial void LogReminderFailed(ILogger logger, Exception exception, string caseId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Case {CaseId}: {Count} SLA transition(s) recorded")]
    static partial void LogDeadlines(ILogger logger, string caseId, int count);
}
