using ServiceGrid.Grains.Dispatch;
using ServiceGrid.Organization;
using ServiceGrid.Planning;
using ServiceGrid.Schedule;
using PlanEngineer = ServiceGrid.Planning.Engineer;
using PlanVisit = ServiceGrid.Planning.Visit;

namespace ServiceGrid.Grains.Schedule;

/// <summary>
/// A region's re-plan as a <see cref="PlanningProblem"/>: one planning engineer per engineer and day of the horizon (their
/// shift that day, after the visit they are on now), every unplanned or planned visit of the horizon, pinned ones as
/// <see cref="FixedAssignment"/>s. Travelling, on-site and done visits never enter: they hold their engineer's time instead.
/// Positions are projected onto a plane in km around the region's middle, and travel goes back through <see cref="ITravelTimes"/>.
/// </summary>
public sealed class ScheduleProblem
{
    const double KmPerDegreeLat = 110.574;
    const double KmPerDegreeLon = 111.320;

    readonly Dictionary<string, (string EngineerId, DateOnly Date, GeoPoint? From)> _days = [];
    readonly Dictionary<string, VisitRecord> _visits = [];
    readonly Func<GeoPoint?, GeoPoint?, TravelEstimate> _travel;

    public PlanningProblem Problem { get; }
    public DateTimeOffset HorizonStart { get; }
    public DateTimeOffset HorizonEnd { get; }
    /// <summary>Whether the re-plan may move the visit: not pinned, not started.</summary>
    public bool IsMovable(string visitId) => _visits.TryGetValue(visitId, out var visit) && visit.IsMovable;

    /// <summary>The version of every visit the problem read.</summary>
    public IReadOnlyDictionary<string, int> ReadVersions => _visits.ToDictionary(v => v.Key, v => v.Value.Version);

    ScheduleProblem(PlanningProblem problem, DateTimeOffset start, DateTimeOffset end, Func<GeoPoint?, GeoPoint?, TravelEstimate> travel) =>
        (Problem, HorizonStart, HorizonEnd, _travel) = (problem, start, end, travel);

    public static ScheduleProblem Build(
        string region, DateTimeOffset now, int horizonDays, TimeZoneInfo zone, IEnumerable<EngineerView> engineers,
        IEnumerable<VisitRecord> visits, ITravelTimes travel)
    {
        // The planners work in whole seconds from the horizon's start: a start on a fraction would land off its window's edge.
        now = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, now.Offset);
        var today = ScheduleDays.Today(now, zone);
        var horizonEnd = ScheduleDays.Day(today.AddDays(horizonDays), zone).End;
        var all = visits.ToList();
        var staff = engineers.ToList();
        var origin = Origin(staff, all);
        Func<GeoPoint?, GeoPoint?, TravelEstimate> estimate = (a, b) =>
            a is null || b is null ? new TravelEstimate(0, TimeSpan.Zero) : travel.Estimate(region, a, b);
        var planTravel = new DelegateTravel((a, b) =>
        {
            var leg = travel.Estimate(region, Unproject(origin, a), Unproject(origin, b));
            return new Leg(leg.Duration, leg.DistanceKm);
        });

        bool Enters(VisitRecord v) => (v.State is VisitState.Unplanned or VisitState.Planned && v.WindowEnd > now && v.WindowStart < horizonEnd)
            || (v.IsStarted && v.PlannedStart >= now && v.PlannedStart < horizonEnd);

        var planEngineers = new List<PlanEngineer>();
        var days = new Dictionary<string, (string, DateOnly, GeoPoint?)>();
        var shifts = new Dictionary<string, ScheduleDays.Span>();
        foreach (var engineer in staff)
        {
            // A visit the engineer started that was due to start already holds them until its planned end, and they leave
            // from its site; one started ahead of its planned start is kept there like a pin.
            var current = all.Where(v => v.IsStarted && v.EngineerId == engineer.Id && !(v.PlannedStart >= now)).MaxBy(v => v.PlannedStart);
            var busyUntil = current is null ? now : ScheduleDays.Max(now, (current.PlannedStart ?? now) + current.Duration);
            var from = current?.Location ?? engineer.Location;
            for (var date = today; date <= today.AddDays(horizonDays); date = date.AddDays(1))
            {
                if (ScheduleDays.Shift(engineer.Resource.Shifts, date, zone) is not { } shift) continue;
                if (!ScheduleDays.Available(engineer, ScheduleDays.Day(date, zone), now)) continue;
                var start = ScheduleDays.Max(shift.Start, busyUntil);
                if (shift.End <= start) continue;
                var id = $"{engineer.Id}|{date:yyyy-MM-dd}";
                days[id] = (engineer.Id, date, from);
                shifts[id] = new ScheduleDays.Span(start, shift.End);
                planEngineers.Add(new PlanEngineer(id, Project(origin, from), new Window(start - now, shift.End - now),
                    new HashSet<string>(engineer.Resource.Skills, StringComparer.OrdinalIgnoreCase),
                    Capacity: VisitCapacity.ForPlanning(engineer, ScheduleDays.Day(date, zone), all, Enters)));
            }
        }

        var unkeepable = UnkeepableDays(all, now, horizonEnd, zone, shifts, days, origin, planTravel);
        planEngineers.RemoveAll(e => unkeepable.Contains(e.Id));
        foreach (var day in unkeepable) days.Remove(day);

        var planVisits = new List<PlanVisit>();
        var read = new Dictionary<string, VisitRecord>();
        foreach (var visit in all.Where(Enters))
        {
            FixedAssignment? pin = null;
            if (visit.Pinned || visit.IsStarted)
            {
                // A pin the horizon cannot hold (in the past, on an engineer away that day) stays where it is, outside the re-plan.
                if (visit.EngineerId is null || visit.PlannedStart is not { } start) continue;
                var day = $"{visit.EngineerId}|{ScheduleDays.Today(start, zone):yyyy-MM-dd}";
                if (!days.ContainsKey(day) || !shifts.TryGetValue(day, out var shift) || start < shift.Start || start + visit.Duration > shift.End) continue;
                pin = new FixedAssignment(day, start - now);
            }
            var window = new Window(ScheduleDays.Max(visit.WindowStart, now) - now, ScheduleDays.Min(visit.WindowEnd, horizonEnd) - now);
            var due = visit.SlaDueAt is { } at ? ScheduleDays.Max(at, now) - now : (TimeSpan?)null;
            planVisits.Add(new PlanVisit(visit.Id, Project(origin, visit.Location ?? origin), window, visit.Duration, (int)visit.Severity,
                visit.RequiredSkill, due, Fixed: pin, Planned: pin is null ? PlanInForce(visit, now, zone, days) : null));
            read[visit.Id] = visit;
        }

        var problem = new ScheduleProblem(new PlanningProblem(planEngineers, planVisits, planTravel), now, horizonEnd, estimate);
        foreach (var (id, day) in days) problem._days[id] = day;
        foreach (var (id, visit) in read) problem._visits[id] = visit;
        return problem;
    }

    /// <summary>Where the plan in force has a movable visit, when its engineer works that day in the re-plan: the search starts there.</summary>
    static PlannedAssignment? PlanInForce(VisitRecord visit, DateTimeOffset now, TimeZoneInfo zone, Dictionary<string, (string, DateOnly, GeoPoint?)> days) =>
        visit.State == VisitState.Planned && visit.EngineerId is { } engineer && visit.PlannedStart is { } start
        && $"{engineer}|{ScheduleDays.Today(start, zone):yyyy-MM-dd}" is var day && days.ContainsKey(day)
            ? new PlannedAssignment(day, start - now) : null;

    /// <summary>
    /// Engineer-days whose fixed visits (pinned, or started ahead of their start) cannot all be kept: one not reachable in
    /// time from the previous one or from where the engineer starts (positions move after a person pinned the day). People
    /// win: such a day is left as the people made it, out of the re-plan, rather than moving a pin or failing the region.
    /// </summary>
    static HashSet<string> UnkeepableDays(List<VisitRecord> all, DateTimeOffset now, DateTimeOffset horizonEnd, TimeZoneInfo zone,
        Dictionary<string, ScheduleDays.Span> shifts, Dictionary<string, (string EngineerId, DateOnly Date, GeoPoint? From)> days,
        GeoPoint origin, ITravelModel travel)
    {
        var unkeepable = new HashSet<string>();
        var pins = all.Where(v => (v.Pinned && v.State == VisitState.Planned || v.IsStarted) && v.EngineerId is not null && v.PlannedStart >= now && v.PlannedStart < horizonEnd)
            .GroupBy(v => $"{v.EngineerId}|{ScheduleDays.Today(v.PlannedStart!.Value, zone):yyyy-MM-dd}");
        foreach (var day in pins)
        {
            if (!shifts.TryGetValue(day.Key, out var shift)) continue;
            var at = Project(origin, days[day.Key].From ?? origin);
            var free = shift.Start;
            foreach (var pin in day.OrderBy(v => v.PlannedStart))
            {
                var here = Project(origin, pin.Location ?? origin);
                // The planners round every drive up to the second.
                var arrival = free + TimeSpan.FromSeconds(Math.Ceiling(travel.Between(at, here).Time.TotalSeconds));
                if (arrival > pin.PlannedStart || pin.PlannedEnd > shift.End)
                {
                    unkeepable.Add(day.Key);
                    break;
                }
                (at, free) = (here, pin.PlannedEnd!.Value);
            }
        }
        return unkeepable;
    }

    /// <summary>
    /// Where each visit of the problem is in effect, for the figures: planned on an engineer who works that day; a visit
    /// planned on an engineer who dropped out counts as unplanned.
    /// </summary>
    public Dictionary<string, VisitSlot?> Effective(TimeZoneInfo zone) => Current().ToDictionary(c => c.Key,
        c => c.Value is { } slot && _days.ContainsKey($"{slot.EngineerId}|{ScheduleDays.Today(slot.PlannedStart, zone):yyyy-MM-dd}") ? slot : null);

    /// <summary>Where each visit of the problem is now: its engineer and start when planned (or started), else null.</summary>
    public Dictionary<string, VisitSlot?> Current() => _visits.Values.ToDictionary(v => v.Id,
        v => v.State is VisitState.Planned or VisitState.Travelling or VisitState.OnSite && v.EngineerId is { } engineer && v.PlannedStart is { } start ? new VisitSlot(engineer, start) : null);

    /// <summary>Where the plan puts each visit of the problem.</summary>
    public Dictionary<string, VisitSlot?> Assignment(Plan plan)
    {
        var slots = _visits.Keys.ToDictionary(id => id, _ => (VisitSlot?)null);
        foreach (var route in plan.Routes)
            foreach (var stop in route.Stops)
                slots[stop.VisitId] = new VisitSlot(_days[route.EngineerId].EngineerId, HorizonStart + stop.Start);
        return slots;
    }

    /// <summary>The figures of an assignment of the problem's visits, walked per engineer and day with the same travel times.</summary>
    public ScheduleFigures Figures(IReadOnlyDictionary<string, VisitSlot?> slots, TimeZoneInfo zone)
    {
        var km = 0.0;
        var late = 0;
        foreach (var group in slots.Where(s => s.Value is not null)
                     .GroupBy(s => $"{s.Value!.EngineerId}|{ScheduleDays.Today(s.Value.PlannedStart, zone):yyyy-MM-dd}"))
        {
            var from = _days.TryGetValue(group.Key, out var day) ? day.From : null;
            var moved = group.Select(s => Placed(_visits[s.Key], s.Value!)).ToList();
            var (stops, dayKm) = ScheduleDays.Walk(from ?? moved.MinBy(v => v.PlannedStart)!.Location, moved, _travel);
            km += dayKm;
            late += stops.Count(s => !s.MeetsSla);
        }
        var unplanned = slots.Where(s => s.Value is null).Select(s => _visits[s.Key]).ToList();
        var breaches = late + unplanned.Count(v => v.SlaDueAt is { } due && due < HorizonEnd);
        return new ScheduleFigures(Math.Round(km, 1), late, breaches, unplanned.Count);
    }

    static VisitRecord Placed(VisitRecord visit, VisitSlot slot) => new()
    {
        Id = visit.Id, Location = visit.Location, WindowStart = visit.WindowStart, WindowEnd = visit.WindowEnd,
        DurationMinutes = visit.DurationMinutes, SlaDueAt = visit.SlaDueAt, EngineerId = slot.EngineerId, PlannedStart = slot.PlannedStart,
    };

    static GeoPoint Origin(List<EngineerView> engineers, List<VisitRecord> visits)
    {
        var points = engineers.Select(e => e.Location).Concat(visits.Select(v => v.Location).OfType<GeoPoint>()).ToList();
        return points.Count == 0 ? new GeoPoint(0, 0) : new GeoPoint(points.Average(p => p.Lat), points.Average(p => p.Lon));
    }

    static Location Project(GeoPoint origin, GeoPoint point) =>
        new((point.Lon - origin.Lon) * KmPerDegreeLon * Math.Cos(origin.Lat * Math.PI / 180), (point.Lat - origin.Lat) * KmPerDegreeLat);

    static GeoPoint Unproject(GeoPoint origin, Location location) =>
        new(origin.Lat + location.Y / KmPerDegreeLat, origin.Lon + location.X / (KmPerDegreeLon * Math.Cos(origin.Lat * Math.PI / 180)));
}
