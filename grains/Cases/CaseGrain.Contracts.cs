using Microsoft.Extensions.Logging;
using ServiceGrid.Cases;
using ServiceGrid.Service;

namespace ServiceGrid.Grains.Cases;

/// <summary>The installed base's side of a case: the unit's coverage and contract terms when it opens, and the unit's case history.</summary>
public sealed partial class CaseGrain
{
    /// <summary>What the unit the case is about is entitled to now; null without a unit (or for a unit not on record).</summary>
    async Task<ServiceTerms?> ServiceTermsAsync(OpenCase command) =>
        command.EquipmentSerial is { } serial
            ? await GrainFactory.GetGrain<IEquipmentGrain>(serial).GetTerms(command.Severity)
            : null;

    /// <summary>Adds the case to its unit's history. Repeated on every repeated open, so a crash in between is made good by the retry.</summary>
    async Task RecordOnUnitAsync()
    {
        if (Record.EquipmentSerial is not { } serial) return;
        try
        {
            await GrainFactory.GetGrain<IEquipmentGrain>(serial).RecordCase(new UnitCase(Id, Record.Kind, Record.OpenedAt));
        }
        catch (Exception exception) when (exception is not DomainException)
        {
            // The case is stored and announced; the unit's history is secondary and the next open of this id retries.
            LogUnitRecordFailed(logger, exception, Id, serial);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Case {CaseId}: could not be added to the history of unit {Serial}")]
    static partial void LogUnitRecordFailed(ILogger logger, Exception exception, string caseId, string serial);
}
