using Microsoft.Extensions.Logging;
using ServiceGrid.Cases;
using ServiceGrid.Grains.Sla;

namespace ServiceGrid.Grains.Cases;

/// <summary>
/// The SLA clock. A grain timer fires at the exact second while the case is active; a reminder (durable, once a
/// minute) is the safety net that brings the case back after a crash or a deactivation. Both land in
/// <see cref="ApplyDueDeadlinesAsync"/>, which records a transition only once, whichever comes first.
/// </summary>
public sealed partial class CaseGrain : IRemindable
{
    const string DeadlineReminder = "sla-deadline";
    /// <summary>Orleans reminders tick at most once a minute.</summary>
    static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);

    IGrainTimer? _deadlineTimer;
    bool _reminderRegistered;

    public async Task CheckDeadlines()
    {
        if (!Record.Exists)
        {
            DeactivateOnIdle();
            return;
        }
        await ApplyDueDeadlinesAsync();
        // A timer can fire a few milliseconds before the wall clock reaches the due time, finding nothing due yet:
        // arm it again, or the next deadline would wait for the once-a-minute reminder.
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
            _reminderRegistered = false;
            return;
        }
        await PublishPendingAsync();
        WatchProjection();
        await ApplyDueDeadlinesAsync();
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
        if (SlaClock.NextDeadline(Record.Sla) is not { } next)
        {
            _deadlineTimer?.Dispose();
            _deadlineTimer = null;
            // The reminder also brings back a case whose last versions the query tables have not confirmed
            // (CaseGrain.Projection.cs); the confirmation removes it then.
            if (!ProjectionConfirmed)
            {
                await RegisterReminderAsync();
                return;
            }
            if (_reminderRegistered && await this.GetReminder(DeadlineReminder) is { } reminder)
                await this.UnregisterReminder(reminder);
            _reminderRegistered = false;
            return;
        }

        var delay = next - clock.GetUtcNow();
        if (delay < TimeSpan.Zero) delay = TimeSpan.Zero;
        if (_deadlineTimer is null)
            _deadlineTimer = this.RegisterGrainTimer(CheckDeadlines, new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan));
        else
            _deadlineTimer.Change(delay, Timeout.InfiniteTimeSpan);

        await RegisterReminderAsync();
    }

    async Task RegisterReminderAsync()
    {
        if (_reminderRegistered) return;
        try
        {
            await this.RegisterOrUpdateReminder(DeadlineReminder, ReminderPeriod, ReminderPeriod);
            _reminderRegistered = true;
        }
        catch (Exception exception)
        {
            // The change is already stored; the timer covers this activation and the next commit tries again.
            LogReminderFailed(logger, exception, Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Case {CaseId}: the SLA reminder could not be registered; will retry")]
    static partial void LogReminderFailed(ILogger logger, Exception exception, string caseId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Case {CaseId}: {Count} SLA transition(s) recorded")]
    static partial void LogDeadlines(ILogger logger, string caseId, int count);
}
