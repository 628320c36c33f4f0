using Microsoft.Extensions.Logging;
using ServiceGrid.Cases;
using ServiceGrid.Organization;
using ServiceGrid.Service;

namespace ServiceGrid.Grains.Service;

/// <summary>
/// A unit's quarterly inspections: a durable reminder ticks (Orleans reminders tick at most once a minute and do not
/// replay missed ticks), and each tick computes from the stored state which inspection is due, so a tick missed during
/// an outage is caught up by the next. The inspection case id is derived from the due date: one case per unit and due
/// date, whatever retries. Owned by one unit's activation and called only on its turns.
/// </summary>
public sealed partial class UnitInspections(Grain grain, IGrainFactory grains, IPersistentState<EquipmentRecord> state,
    ServiceOptions options, TimeProvider clock, ILogger logger)
{
    public const string Reminder = "inspection";
    const string SchedulerActor = "scheduler";

    bool _scheduled;
    DateTimeOffset? _reminderFor;

    EquipmentRecord Record => state.State;
    string Serial => grain.GetPrimaryKeyString();

    /// <summary>The inspection due now and not yet opened, if any.</summary>
    public DateTimeOffset? Due(DateTimeOffset now) =>
        InspectionSchedule.LatestDue(Record.AcceptedAt, Record.Contracts, options, Record.ScheduledFrom, now) is { } due && !Record.Opened.ContainsKey(due)
            ? due
            : null;

    /// <summary>Opens the inspection case due at <paramref name="due"/> and records it; true once stored.</summary>
    public async Task<bool> OpenAsync(DateTimeOffset due)
    {
        var caseId = InspectionSchedule.CaseId(Serial, due);
        try
        {
            // The case asks this unit for its terms and records itself here while it opens: let those calls back in.
            using (RequestContext.AllowCallChainReentrancy())
                await grains.GetGrain<ICaseGrain>(caseId).Open(Request(due));
        }
        catch (DomainException exception)
        {
            // Nothing is recorded: the next tick tries the same case id again.
            LogInspectionRefused(logger, exception, Serial, due);
            return false;
        }
        Record.Opened[due] = caseId;
        if (!Record.Cases.Any(c => c.CaseId == caseId)) Record.Cases.Add(new UnitCase(caseId, CaseKind.Inspection, clock.GetUtcNow()));
        Record.Version++;
        await state.WriteStateAsync();
        // The region's schedule books the inspection's visit when it sees the case (ScheduleGrain.Owed).
        LogInspectionOpened(logger, Serial, due, caseId);
        return true;
    }

    OpenCase Request(DateTimeOffset due)
    {
        var coverage = Coverage.At(Record.AcceptedAt, Record.Contracts, options.WarrantyMonths, due);
        return new OpenCase
        {
            CustomerId = Record.CustomerId!,
            Kind = CaseKind.Inspection,
            Severity = options.InspectionSeverity,
            Channel = Channel.Onsite,
            Title = $"Quarterly preventive inspection of {Record.Model} {Serial}",
            Description = $"Preventive inspection due {due:yyyy-MM-dd} under {CoverageName(coverage.Kind)}: check, clean and adjust the unit, "
                + "and file the inspection report as the case's resolution (service plan 2).",
            Region = Record.RegionId.Length > 0 ? Record.RegionId : null,
            EquipmentSerial = Serial,
            Actor = SchedulerActor,
        };
    }

    /// <summary>After a tick: re-aim, so that a first tick capped at the maximum is followed by one at the due time, not by a tick every period until then.</summary>
    public void Ticked() => _scheduled = false;

    /// <summary>
    /// Keeps a reminder while an inspection lies ahead; the first tick lands on the due time, or within a minute when one
    /// is due and not yet opened (a look-back at registration). Opening is left to the tick rather than done here, so a
    /// registration never waits on a case that in turn asks the customer registering it.
    /// </summary>
    public async Task ScheduleAsync()
    {
        var now = clock.GetUtcNow();
        var next = Due(now) ?? InspectionSchedule.NextDue(Record.AcceptedAt, Record.Contracts, options, now);
        if (_scheduled && next == _reminderFor) return;
        try
        {
            if (next is { } at)
                await grain.RegisterOrUpdateReminder(Reminder, ReminderTicks.FirstTick(at, now, options.MaxFirstInspectionTick), options.InspectionCheckPeriod);
            else if (await grain.GetReminder(Reminder) is { } reminder)
                await grain.UnregisterReminder(reminder);
            _reminderFor = next;
            _scheduled = true;
        }
        catch (Exception exception) when (exception is not DomainException)
        {
            // The state is stored; the next call or activation tries again.
            LogReminderFailed(logger, exception, Serial);
        }
    }

    static string CoverageName(CoverageKind kind) => kind == CoverageKind.Warranty ? "warranty" : kind == CoverageKind.Contract ? "contract" : "no coverage";

    [LoggerMessage(Level = LogLevel.Information, Message = "Unit {Serial}: inspection due {DueAt} opened as case {CaseId}")]
    static partial void LogInspectionOpened(ILogger logger, string serial, DateTimeOffset dueAt, string caseId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unit {Serial}: the inspection due {DueAt} could not be opened yet; the next tick retries")]
    static partial void LogInspectionRefused(ILogger logger, Exception exception, string serial, DateTimeOffset dueAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unit {Serial}: the inspection reminder could not be updated; will retry")]
    static partial void LogReminderFailed(ILogger logger, Exception exception, string serial);
}
