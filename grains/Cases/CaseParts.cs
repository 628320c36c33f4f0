using Microsoft.Extensions.Logging;
using ServiceGrid.Cases;
using ServiceGrid.Organization;
using ServiceGrid.Parts;

namespace ServiceGrid.Grains.Cases;

/// <summary>
/// The spare parts of a case. Resolving it takes the parts used from their depots, once (<see cref="ConsumeAsync"/>).
/// Ending it frees what it still holds. The case stores which depots it reserved in before it asks them
/// (<see cref="CaseRecord.ReservationDepots"/>); a durable reminder, registered before the change that ends the case is
/// stored (<see cref="GuardAsync"/>), repeats the release until every depot has confirmed it, so reserved stock never
/// leaks. Owned by one case activation and called only on its turns.
/// </summary>
public sealed partial class CaseParts(Grain grain, IGrainFactory grains, IPersistentState<CaseRecord> state, CaseOptions options, ILogger logger)
{
    public const string ReleaseReminder = "parts-release";

    IGrainTimer? _releaseTimer;

    CaseRecord Record => state.State;
    string Id => grain.GetPrimaryKeyString();

    /// <summary>Before a change that ends the case is stored: make sure its reservations will be released even after a crash.</summary>
    public async Task GuardAsync()
    {
        if (Record.ReservationDepots.Count > 0)
            await grain.RegisterOrUpdateReminder(ReleaseReminder, ReminderTicks.MinPeriod, ReminderTicks.MinPeriod);
    }

    /// <summary>Frees what the case still holds in every depot it reserved in; retried (timer, reminder) until all confirm.</summary>
    public async Task ReleaseAsync()
    {
        if (Record.ReservationDepots.Count == 0 || CaseTransitions.Active.Contains(Record.State)) return;
        try
        {
            await Task.WhenAll(Record.ReservationDepots.Select(depotId => grains.GetGrain<IDepotGrain>(depotId).ReleaseReservations(Id)));
            Record.ReservationDepots.Clear();
            await state.WriteStateAsync();
            _releaseTimer?.Dispose();
            _releaseTimer = null;
            if (await grain.GetReminder(ReleaseReminder) is { } reminder) await grain.UnregisterReminder(reminder);
        }
        catch (Exception exception)
        {
            LogReleaseFailed(logger, exception, Id);
            _releaseTimer ??= grain.RegisterGrainTimer(ReleaseAsync, new GrainTimerCreationOptions(options.ReleaseRetry, options.ReleaseRetry));
        }
    }

    /// <summary>
    /// Takes the parts from their depots, all or nothing: a depot that is short undoes the ones already taken. What the
    /// case reserved in a depot is taken first, so a case whose parts are reserved for it can always be resolved.
    /// </summary>
    public async Task<List<IDepotGrain>> ConsumeAsync(IEnumerable<PartLine> parts)
    {
        var consumed = new List<IDepotGrain>();
        try
        {
            foreach (var byDepot in parts.GroupBy(part => part.DepotId))
            {
                var depot = grains.GetGrain<IDepotGrain>(byDepot.Key);
                await depot.ConsumeForCase(Id, OperationId, [.. byDepot.Select(part => new PartRequest(part.Sku, part.Qty))]);
                consumed.Add(depot);
            }
            return consumed;
        }
        catch
        {
            await UndoAsync(consumed);
            throw;
        }
    }

    public Task UndoAsync(IEnumerable<IDepotGrain> depots) => Task.WhenAll(depots.Select(depot => depot.Undo(OperationId)));

    /// <summary>A case consumes parts once, when it is resolved: a retried resolution must not take them twice.</summary>
    string OperationId => $"{Id}:resolve";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Case {CaseId}: reserved parts could not be released yet; retrying")]
    static partial void LogReleaseFailed(ILogger logger, Exception exception, string caseId);
}
