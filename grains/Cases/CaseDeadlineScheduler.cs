using Microsoft.Extensions.Logging;
using ServiceGrid.Grains.Sla;

namespace ServiceGrid.Grains.Cases;

/// <summary>
/// Wakes a case when something on it falls due. A durable reminder is due at the next SLA deadline, so a case wakes
/// when something falls due and not before: an open case with nothing due soon holds no timer, and once Orleans
/// collects it, nothing in memory but its stored state (Orleans keeps only reminders due within its loading window in
/// memory). A reminder ticking every minute would keep every open case active, and a timer per case armed for hours
/// ahead fills the .NET timer queue, whose scans took 8 % of the intake CPU with 150,000 cases (perf, bench/ intake).
/// A grain timer covers the last minute before a deadline while the case is active, so that a reminder delivered a
/// few milliseconds early, or late, still lands on the second. Both land in the case's deadline check
/// (<paramref name="checkDeadlines"/>), which records a transition only once, whichever comes first.
/// A second reminder watches an open corrective-action notice until it is closed or found overdue.
/// Owned by one case activation and called only on its turns.
/// </summary>
public sealed partial class CaseDeadlineScheduler(
    Grain grain,
    IPersistentState<CaseRecord> state,
    CaseAnnouncer announcer,
    Func<Task> checkDeadlines,
    CaseOptions options,
    TimeSpan capaCheckPeriod,
    TimeProvider clock,
    ILogger logger)
{
    public const string DeadlineReminder = "sla-deadline";
    public const string CapaReminder = "capa-due";

    IGrainTimer? _deadlineTimer;
    /// <summary>The first tick of the reminder this activation registered; null when none was, or it is unknown.</summary>
    DateTimeOffset? _reminderStart;

    CaseRecord Record => state.State;
    string Id => grain.GetPrimaryKeyString();

    public async Task ScheduleAsync()
    {
        var now = clock.GetUtcNow();
        var next = SlaClock.NextDeadline(Record.Sla);
        var untilNext = next - now;
        ArmDeadlineTimer(untilNext <= ReminderTicks.MinPeriod ? untilNext : null);
        if (WakeAt(next, now) is not { } wake)
        {
            if (_reminderStart is not null) await RemoveReminderAsync();
            return;
        }
        // An unconfirmed version only needs a tick within the minute, and one already due by then will do: so commits
        // in a row write the reminder once, and the tick that finds them confirmed moves it on to the next deadline.
        if (_reminderStart == wake || (!announcer.Confirmed && _reminderStart <= wake)) return;
        await RegisterReminderAsync(wake, now);
    }

    /// <summary>Whether the SLA reminder is still needed: for a deadline ahead, or for a version the tables have not confirmed.</summary>
    public bool Needed => Record.Exists && (SlaClock.NextDeadline(Record.Sla) is not null || !announcer.Confirmed);

    /// <summary>Removes the SLA reminder (looked up, even when another activation registered it).</summary>
    public async Task RemoveReminderAsync()
    {
        if (await grain.GetReminder(DeadlineReminder) is { } reminder) await grain.UnregisterReminder(reminder);
        _reminderStart = null;
    }

    /// <summary>Once the tables confirmed every version, a reminder kept only for them goes.</summary>
    public async Task OnConfirmedAsync()
    {
        if (SlaClock.NextDeadline(Record.Sla) is not null) return;
        try
        {
            await RemoveReminderAsync();
        }
        catch (Exception exception)
        {
            // It fires once more, finds the case confirmed and removes itself.
            LogReminderFailed(logger, exception, Id);
        }
    }

    /// <summary>
    /// When the reminder must tick: at the next deadline, and within the minute while the query tables have not
    /// confirmed the last version, so that a case on a dead silo comes back to announce it.
    /// </summary>
    DateTimeOffset? WakeAt(DateTimeOffset? nextDeadline, DateTimeOffset now)
    {
        if (announcer.Confirmed) return nextDeadline;
        var recheck = now + ReminderTicks.MinPeriod;
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
        _deadlineTimer = grain.ArmOnce(_deadlineTimer, checkDeadlines, delay.Value);
    }

    async Task RegisterReminderAsync(DateTimeOffset wake, DateTimeOffset now)
    {
        try
        {
            var dueIn = wake - now;
            // The repeats retry a tick whose handling failed.
            await grain.RegisterOrUpdateReminder(DeadlineReminder, dueIn > TimeSpan.Zero ? dueIn : TimeSpan.Zero, ReminderTicks.MinPeriod);
            _reminderStart = wake;
        }
        catch (Exception exception)
        {
            // The change is already stored: the timer tries again soon, and checks a deadline due before then.
            _reminderStart = null;
            LogReminderFailed(logger, exception, Id);
            ArmDeadlineTimer(wake - now < options.ReminderRetry ? wake - now : options.ReminderRetry);
        }
    }

    /// <summary>Keeps the corrective-action reminder while the notice is open (<see cref="CaseCare.CapaWatched"/>).</summary>
    public async Task ScheduleCapaAsync()
    {
        try
        {
            if (CaseCare.CapaWatched(Record) is { } capa)
            {
                var firstCheck = ReminderTicks.FirstTick(capa.DueAt, clock.GetUtcNow(), options.MaxFirstCapaCheck);
                await grain.RegisterOrUpdateReminder(CapaReminder, firstCheck, capaCheckPeriod);
            }
            else if (await grain.GetReminder(CapaReminder) is { } reminder)
            {
                await grain.UnregisterReminder(reminder);
            }
        }
        catch (Exception exception) when (exception is not DomainException)
        {
            // The notice is stored; the next command or tick tries again.
            LogCapaReminderFailed(logger, exception, Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Case {CaseId}: the SLA reminder could not be registered; will retry")]
    static partial void LogReminderFailed(ILogger logger, Exception exception, string caseId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Case {CaseId}: the corrective-action reminder could not be updated")]
    static partial void LogCapaReminderFailed(ILogger logger, Exception exception, string caseId);
}
