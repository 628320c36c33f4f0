using System.Collections.Immutable;
using ServiceGrid.Grains.Dispatch;
using ServiceGrid.Organization;
using ServiceGrid.Schedule;

namespace ServiceGrid.Grains.Schedule;

/// <summary>
/// Slot offers (issue 18, <c>GET /api/cases/{id}/slots</c>): windows of <see cref="ScheduleOptions.SlotWidth"/> inside site hours
/// in which a qualified engineer on shift has room for the visit, by cheapest insertion into their planned day without
/// pushing another visit out of its window or the day past the shift. No solver: a walk of each day, from memory.
/// </summary>
public sealed class SlotFinder(ScheduleOptions options, Func<GeoPoint?, GeoPoint?, TravelEstimate> travel, DateTimeOffset now)
{
    const int MaxOffers = 3;

    public ImmutableArray<SlotOffer> Find(GeoPoint? site, string? skill, int days, IEnumerable<EngineerView> engineers, IEnumerable<VisitRecord> visits)
    {
        var zone = options.Zone;
        var duration = TimeSpan.FromMinutes(options.SlotVisitMinutes);
        var qualified = engineers.Where(e => skill is null || e.Resource.Skills.Contains(skill, StringComparer.OrdinalIgnoreCase)).ToList();
        var byEngineer = visits.Where(v => v.EngineerId is not null && v.PlannedStart is not null && !v.IsOver)
            .GroupBy(v => v.EngineerId!).ToDictionary(g => g.Key, g => g.OrderBy(v => v.PlannedStart).ToList());
        // Places taken per engineer and day: a day at its engineer's visitsPerDay offers no slot.
        var taken = visits.Where(VisitCapacity.HoldsAPlace).GroupBy(v => (v.EngineerId!, ScheduleDays.Today(v.PlannedStart!.Value, zone)))
            .ToDictionary(g => g.Key, g => g.Count());
        bool Full(EngineerView engineer, DateOnly date) => engineer.Resource.VisitsPerDay is { } limit && taken.GetValueOrDefault((engineer.Id, date)) >= limit;
        var found = new List<SlotOffer>();
        var today = ScheduleDays.Today(now, zone);
        var daysWithOffers = 0;
        for (var date = today; date < today.AddDays(days + 1) && daysWithOffers < MaxOffers; date = date.AddDays(1))
        {
            var day = ScheduleDays.Day(date, zone);
            var perDay = 0;
            for (var start = ScheduleDays.At(date, options.SiteOpens.ToTimeSpan(), zone);
                 start + options.SlotWidth <= ScheduleDays.At(date, options.SiteCloses.ToTimeSpan(), zone) && perDay < MaxOffers;
                 start += options.SlotWidth)
            {
                if (start < now) continue;
                var window = new ScheduleDays.Span(start, start + options.SlotWidth);
                if (qualified.Any(e => !Full(e, date) && Fits(e, day, window, duration, site, byEngineer.GetValueOrDefault(e.Id) ?? [])))
                {
                    found.Add(new SlotOffer(window.Start, window.End));
                    perDay++;
                }
            }
            if (perDay > 0) daysWithOffers++;
        }
        // Earliest first, on distinct days where possible: each day's earliest, then the days' later windows.
        var firsts = found.GroupBy(o => ScheduleDays.Today(o.WindowStart, zone)).Select(g => g.First()).ToList();
        return [.. firsts.Concat(found.Except(firsts)).Take(MaxOffers).OrderBy(o => o.WindowStart)];
    }

    bool Fits(EngineerView engineer, ScheduleDays.Span day, ScheduleDays.Span window, TimeSpan duration, GeoPoint? site, List<VisitRecord> planned)
    {
        if (!ScheduleDays.Available(engineer, day, now)) return false;
        if (ScheduleDays.Shift(engineer.Resource.Shifts, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(day.Start, options.Zone).DateTime), options.Zone) is not { } shift)
            return false;
        var stops = planned.Where(v => v.PlannedStart >= day.Start && v.PlannedStart < day.End).ToList();
        for (var position = 0; position <= stops.Count; position++)
        {
            var before = position == 0 ? null : stops[position - 1];
            var at = before is null ? engineer.Location : before.Location;
            var free = before is null ? ScheduleDays.Max(shift.Start, now) : before.PlannedEnd!.Value;
            var start = ScheduleDays.Max(free + travel(at, site).Duration, window.Start);
            if (start > window.End) continue;
            if (KeepsTheRest(stops, position, start + duration, site, shift.End)) return true;
        }
        return false;
    }

    /// <summary>The visits after the insertion still start inside their windows, and the day ends inside the shift.</summary>
    bool KeepsTheRest(List<VisitRecord> stops, int position, DateTimeOffset free, GeoPoint? at, DateTimeOffset shiftEnd)
    {
        for (var i = position; i < stops.Count; i++)
        {
            var next = stops[i];
            var start = ScheduleDays.Max(free + travel(at, next.Location).Duration, next.PlannedStart!.Value);
            if (start > next.WindowEnd) return false;
            free = start + next.Duration;
            at = next.Location ?? at;
        }
        return free <= shiftEnd;
    }

}
