using ServiceGrid.Cases;

namespace ServiceGrid.Grains.Cases;

/// <summary>The case's side of its visits (issue 18): their ids and the timeline entries; the region's schedule owns their plan.</summary>
public sealed partial class CaseGrain
{
    public async Task<CaseView> RecordVisit(string visitId, string type, string actor, string? note)
    {
        var now = await BeginAsync();
        // Recorded once per visit and type: the schedule may send an entry again after a crash before its answer.
        if (Record.Timeline.Any(e => e.VisitId == visitId && e.Type == type && type != TimelineTypes.VisitPlanned)) return Record.ToView(Id);
        if (!Record.VisitIds.Contains(visitId)) Record.VisitIds.Add(visitId);
        Record.Append(type, actor, now, note: note);
        Record.Timeline[^1] = Record.Timeline[^1] with { VisitId = visitId };
        return await CommitAsync(now);
    }

    /// <summary>
    /// Issue 18: an approved relocation plan books its visit, on the plan's date inside the site's hours (the plan has one
    /// date: one step). Its id comes from the case and the date, so approving again books nothing twice; the schedule records
    /// the visit on this case, hence the call chain is let back in. A refusal leaves the approval standing.
    /// </summary>
    async Task BookRelocationVisitAsync(string actor)
    {
        if (Record.RelocationPlan is not { } plan) return;
        try
        {
            using (RequestContext.AllowCallChainReentrancy())
                await GrainFactory.GetGrain<ServiceGrid.Schedule.IScheduleGrain>(Record.Region).BookInSiteHours(
                    $"v-{Id}-{plan.Date:yyyyMMdd}", Id, PlanDay(plan.Date), scheduleOptions.Value.RelocationStepMinutes, null, actor);
        }
        catch (DomainException refused)
        {
            LogRelocationVisitRefused(logger, Id, refused.Message);
        }
    }

    /// <summary>The start of the plan date's local day: the visit may take any of that day's site hours.</summary>
    DateTimeOffset PlanDay(DateTimeOffset date)
    {
        var zone = scheduleOptions.Value.Zone;
        return Schedule.ScheduleDays.Day(Schedule.ScheduleDays.Today(date, zone), zone).Start;
    }

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Warning, Message = "Case {CaseId}: the relocation's visit could not be booked: {Reason}")]
    static partial void LogRelocationVisitRefused(Microsoft.Extensions.Logging.ILogger logger, string caseId, string reason);
}
