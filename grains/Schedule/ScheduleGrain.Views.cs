using System.Collections.Immutable;
using ServiceGrid.Cases;
using ServiceGrid.Grains.Dispatch;
using ServiceGrid.Organization;
using ServiceGrid.Schedule;

namespace ServiceGrid.Grains.Schedule;

/// <summary>What the board and the engineer's app read (an engineer's day, the region's day) and the customer's slot offers, from memory.</summary>
public sealed partial class ScheduleGrain
{
    public async Task<EngineerPlan> GetEngineerPlan(string engineerId, DateOnly date)
    {
        var engineer = await FindEngineerAsync(engineerId);
        var (stops, km) = Day(engineer, date);
        return new EngineerPlan(engineer.Id, date, stops, Math.Round(km, 1));
    }

    public Task<RegionSchedule> GetSchedule(DateOnly date)
    {
        var now = clock.GetUtcNow();
        var day = ScheduleDays.Day(date, Options.Zone);
        var engineers = _engineers.Values.OrderBy(e => e.BranchId, StringComparer.Ordinal).ThenBy(e => e.Id, StringComparer.Ordinal).Select(engineer =>
        {
            var shift = ScheduleDays.Shift(engineer.Resource.Shifts, date, Options.Zone);
            return new EngineerDay(engineer.Id, engineer.BranchId, engineer.Name, shift?.Start, shift?.End,
                ScheduleDays.Available(engineer, day, now), Day(engineer, date).Stops);
        }).ToImmutableArray();
        var unplanned = Record.Visits.Values
            .Where(v => v.State == VisitState.Unplanned && v.WindowStart < day.End && v.WindowEnd >= day.Start)
            .OrderBy(v => v.Severity).ThenBy(v => v.WindowStart).Select(View).ToImmutableArray();
        return Task.FromResult(new RegionSchedule(RegionId, date, Record.Version, engineers, unplanned));
    }

    (ImmutableArray<PlanStop> Stops, double Km) Day(EngineerView engineer, DateOnly date)
    {
        var day = ScheduleDays.Day(date, Options.Zone);
        var visits = Record.Visits.Values.Where(v => v.EngineerId == engineer.Id && v.State != VisitState.Cancelled
            && v.PlannedStart is { } start && start >= day.Start && start < day.End);
        var (stops, km) = ScheduleDays.Walk(engineer.Location, visits, Estimate);
        return ([.. stops.Select(s => new PlanStop(View(s.Visit), s.Start, Math.Round(s.TravelBefore.TotalMinutes, 1), Math.Round(s.KmBefore, 1), s.FitsWindow, s.MeetsSla, Math.Round(s.Late.TotalMinutes, 1)))], km);
    }

    TravelEstimate Estimate(GeoPoint? from, GeoPoint? to) =>
        from is null || to is null ? new TravelEstimate(0, TimeSpan.Zero) : travel.Estimate(RegionId, from, to);

    public async Task<SlotList> Slots(string caseId, int days)
    {
        var view = await GrainFactory.GetGrain<ICaseGrain>(caseId).Get() ?? throw DomainException.NotFound("Case", caseId);
        var skill = await ModelOfAsync(view);
        var site = view.Site ?? (view.BranchId is { } branch ? (await organization.FindBranchAsync(branch))?.Location : null);
        var finder = new SlotFinder(Options, Estimate, clock.GetUtcNow());
        var offers = finder.Find(site, skill, days, _engineers.Values, Record.Visits.Values);
        return new SlotList(caseId, offers);
    }
}
