using Microsoft.Extensions.Logging;
using ServiceGrid.Cases;
using ServiceGrid.Organization;
using ServiceGrid.Parts;

namespace ServiceGrid.Grains.Cases;

/// <summary>
/// Spare parts reserved for a case. The case stores which depots it reserved in before it asks them, so when it is
/// resolved or cancelled it can free what it did not use; a durable reminder, registered before that change is
/// stored, repeats the release until every depot has confirmed it, so reserved stock never leaks.
/// </summary>
public sealed partial class CaseGrain : ICasePartsGrain
{
    const string PartsReleaseReminder = "parts-release";
    static readonly TimeSpan ReleaseRetry = TimeSpan.FromSeconds(5);

    IGrainTimer? _releaseTimer;

    public async Task<ReservationView> Reserve(string depotId, string sku, int qty)
    {
        await BeginAsync();
        if (!CaseTransitions.Active.Contains(Record.State))
            throw DomainException.Conflict($"Parts are reserved for a case that is being worked; the case is '{CaseTransitions.Name(Record.State)}'.");
        if (Record.ReservationDepots.Add(depotId))
        {
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                DeactivateOnIdle();
                throw;
            }
        }
        return await GrainFactory.GetGrain<IDepotGrain>(depotId).Reserve(Id, sku, qty);
    }

    /// <summary>Before a change that ends the case is stored: make sure its reservations will be released even after a crash.</summary>
    async Task GuardReservationsAsync()
    {
        if (Record.ReservationDepots.Count > 0)
            await this.RegisterOrUpdateReminder(PartsReleaseReminder, ReminderPeriod, ReminderPeriod);
    }

    /// <summary>Frees what the case still holds in every depot it reserved in; retried (timer, reminder) until all confirm.</summary>
    async Task ReleaseReservationsAsync()
    {
        if (Record.ReservationDepots.Count == 0 || CaseTransitions.Active.Contains(Record.State)) return;
        try
        {
            await Task.WhenAll(Record.ReservationDepots.Select(depotId => GrainFactory.GetGrain<IDepotGrain>(depotId).ReleaseReservations(Id)));
            Record.ReservationDepots.Clear();
            await state.WriteStateAsync();
            _releaseTimer?.Dispose();
            _releaseTimer = null;
            if (await this.GetReminder(PartsReleaseReminder) is { } reminder) await this.UnregisterReminder(reminder);
        }
        catch (Exception exception)
        {
            LogReleaseFailed(logger, exception, Id);
            _releaseTimer ??= this.RegisterGrainTimer(ReleaseReservationsAsync, new GrainTimerCreationOptions(ReleaseRetry, ReleaseRetry));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Case {CaseId}: reserved parts could not be released yet; retrying")]
    static partial void LogReleaseFailed(ILogger logger, Exception exception, string caseId);
}
