using ServiceGrid.Cases;
using ServiceGrid.Events;
using ServiceGrid.Schedule;

namespace ServiceGrid.Grains.Schedule;

/// <summary>
/// The visits the grid books by itself (issue 18): one for an inspection case, one for a relocation's approved plan, inside
/// the site's hours. Booked from the case as the region's stream announces it, and from every active case when the grain
/// activates, so that one missed by a crash (the case stored, the visit not yet booked) is booked by the next activation:
/// the case announces a change until the read models hold it, and the visit's id comes from the case, so booking again is
/// safe. A visit the case has recorded once is never booked again, even after a person cancelled it.
/// </summary>
public sealed partial class ScheduleGrain
{
    const string SchedulerActor = "scheduler";

    IGrainTimer? _owedTimer;

    /// <summary>Once after activation, as a turn of its own: booking calls the case, which must not wait on an activation.</summary>
    void BookOwedSoon() => _owedTimer = this.ArmOnce(_owedTimer, BookOwedOfActiveCasesAsync, TimeSpan.Zero, interleave: false);

    async Task BookOwedOfActiveCasesAsync()
    {
        var active = await GrainFactory.GetGrain<IRegionGrain>(RegionId).GetActive();
        foreach (var view in active)
        {
            await BookOwedAsync(view);
            await AdoptAsync(view);
        }
        await LeaveMovedCasesAsync(active);
    }

    async Task BookOwedAsync(CaseView view)
    {
        if (ScheduleRules.OwedVisit(view, RegionId, Options, Record.Visits.ContainsKey) is not { } owed) return;
        try
        {
            // Inside the site hours of the first day from then on with room for it; the unit's model as the skill (Book).
            var (start, end) = ScheduleRules.SiteHoursWindow(ScheduleDays.Max(owed.From, clock.GetUtcNow()), TimeSpan.FromMinutes(owed.Minutes), Options);
            await Book(new BookVisit(owed.VisitId, view.Id, start, end, owed.Minutes, null, SchedulerActor));
        }
        catch (DomainException refused)
        {
            LogOwedVisitRefused(logger, RegionId, owed.VisitId, refused.Message);
        }
    }

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Warning, Message = "Schedule of region {RegionId}: visit {VisitId} could not be booked: {Reason}")]
    static partial void LogOwedVisitRefused(Microsoft.Extensions.Logging.ILogger logger, string regionId, string visitId, string reason);
}
