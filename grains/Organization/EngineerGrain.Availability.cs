using Microsoft.Extensions.Logging;
using ServiceGrid.Organization;

namespace ServiceGrid.Grains.Organization;

/// <summary>
/// An engineer declared unavailable or off shift with an expected return (<c>until</c>) is available again at that time by
/// themselves, on a durable reminder: a silo restart in between does not keep them away. The return is stored and announced
/// like a person's declaration (the region stream, so the board, the read model and the planner see it). Declaring again
/// replaces the reminder, or removes it when there is no return to wait for.
/// </summary>
public sealed partial class EngineerGrain
{
    const string ReturnReminder = "availability-return";

    /// <summary>Registered or removed before the declaration is stored, so that a crash after the write still has it right.</summary>
    async Task ScheduleReturnAsync(DateTimeOffset? returnAt)
    {
        if (returnAt is { } at)
        {
            // Orleans ticks at most once a minute: a tick that finds the return not yet due (an early timer) waits for the next.
            var dueIn = at - clock.GetUtcNow();
            await this.RegisterOrUpdateReminder(ReturnReminder, dueIn > TimeSpan.Zero ? dueIn : TimeSpan.Zero, ReminderTicks.MinPeriod);
        }
        else if (Record.AvailableAgainAt is not null)
        {
            await ForgetReturnAsync();
        }
    }

    async Task ReturnIfDueAsync()
    {
        if (Record.AvailableAgainAt is not { } at || Record.Declared == EngineerStatus.Available)
        {
            // A reminder left by a declaration whose write failed, or one not removed: nothing to return from.
            await ForgetReturnAsync();
            return;
        }
        if (clock.GetUtcNow() < at) return;
        LogReturned(logger, this.GetPrimaryKeyString(), Record.Declared, at);
        Record.Declared = EngineerStatus.Available;
        Record.AvailabilityReason = null;
        Record.AvailableAgainAt = null;
        await Commit();
        await ForgetReturnAsync();
    }

    async Task ForgetReturnAsync()
    {
        try
        {
            if (await this.GetReminder(ReturnReminder) is { } reminder) await this.UnregisterReminder(reminder);
        }
        catch (Exception exception)
        {
            // Harmless: its next tick finds no return due and removes it.
            LogReminderRemovalFailed(logger, exception, this.GetPrimaryKeyString(), ReturnReminder);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Engineer {EngineerId} is available again: {Declared} until {Until}")]
    static partial void LogReturned(ILogger logger, string engineerId, EngineerStatus declared, DateTimeOffset until);
}
