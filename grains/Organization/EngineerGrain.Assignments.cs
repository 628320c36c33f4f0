using Microsoft.Extensions.Logging;
using ServiceGrid.Cases;
using ServiceGrid.Grains.Cases;
using ServiceGrid.Organization;

namespace ServiceGrid.Grains.Organization;

/// <summary>
/// A case takes its engineer before it stores a dispatch or a reassignment, and frees the previous one only after: a
/// crash between the two steps leaves an engineer busy with a case that does not name them. So an engineer who holds a
/// case confirms it with the case, on a durable reminder while they hold it and soon after every activation, and is
/// free again when the case is gone, finished, or with someone else.
/// </summary>
public sealed partial class EngineerGrain : IRemindable
{
    const string AssignmentReminder = "assignment-check";

    IGrainTimer? _confirmTimer;

    public async Task ReleaseUnconfirmed(string caseId, long version)
    {
        if (!Record.Jobs.Contains(caseId) || Record.Version != version) return;
        LogReleasedUnconfirmed(logger, this.GetPrimaryKeyString(), caseId);
        await Release(caseId);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        switch (reminderName)
        {
            case AssignmentReminder:
                ConfirmAssignmentIn(TimeSpan.Zero);
                return Task.CompletedTask;
            case ReturnReminder:
                return ReturnIfDueAsync();
            default:
                return Task.CompletedTask;
        }
    }

    /// <summary>Registered before the assignment is stored, so that a crash right after the write still has it checked.</summary>
    Task WatchAssignmentAsync()
    {
        var period = options.Value.AssignmentCheckPeriod;
        return this.RegisterOrUpdateReminder(AssignmentReminder, period, period);
    }

    async Task ForgetAssignmentAsync()
    {
        try
        {
            if (await this.GetReminder(AssignmentReminder) is { } reminder) await this.UnregisterReminder(reminder);
        }
        catch (Exception exception)
        {
            // Harmless: its next tick finds no case held and removes it.
            LogReminderRemovalFailed(logger, exception, this.GetPrimaryKeyString(), AssignmentReminder);
        }
    }

    void ConfirmAssignmentIn(TimeSpan dueIn)
    {
        // Interleaved: the case asked may be calling this engineer at that moment (a resolution releasing them), and two
        // grains waiting on each other would both be stuck until the call times out. The state changes only in
        // ReleaseUnconfirmed, an ordinary turn, and only if nothing changed while the case was asked.
        _confirmTimer = this.ArmOnce(_confirmTimer, ConfirmAssignmentAsync, dueIn, interleave: true);
    }

    async Task ConfirmAssignmentAsync()
    {
        if (Record.Jobs.Count == 0)
        {
            await ForgetAssignmentAsync();
            return;
        }
        // One job freed per check at most: the release changes the version the next one would be compared with.
        var version = Record.Version;
        foreach (var caseId in Record.Jobs.ToList())
        {
            var held = await GrainFactory.GetGrain<ICaseGrain>(caseId).Get();
            if (held is not null && held.EngineerId == this.GetPrimaryKeyString() && CaseTransitions.Active.Contains(held.State)) continue;
            await this.AsReference<IEngineerGrain>().ReleaseUnconfirmed(caseId, version);
            return;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Engineer {EngineerId} held case {CaseId}, which does not name them (a dispatch or reassignment interrupted by a crash); the engineer is free again")]
    static partial void LogReleasedUnconfirmed(ILogger logger, string engineerId, string caseId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Engineer {EngineerId}: the {Reminder} reminder could not be removed")]
    static partial void LogReminderRemovalFailed(ILogger logger, Exception exception, string engineerId, string reminder);
}
