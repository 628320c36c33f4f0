using System.Collections.Immutable;
using ServiceGrid.Cases;
using ServiceGrid.Grains.Schedule;
using ServiceGrid.Organization;
using ServiceGrid.Planning;
using ServiceGrid.Schedule;
using static ServiceGrid.Tests.Dispatch.RankingData;

namespace ServiceGrid.Tests.Schedule;

/// <summary>
/// Issue 18's capacity and travel rules without a silo: an engineer's visits per day bound every route of a re-plan (both
/// planners, random visits from fixed seeds), a full day refuses a plan by hand and offers no slot, and a plan by hand that the
/// engineer cannot drive to in time is refused with the visit it collides with and the drive's minutes.
/// </summary>
public sealed class VisitCapacityAndTravelTests
{
    static readonly ScheduleOptions Options = new();
    static readonly TimeZoneInfo Zone = Options.Zone;

    static EngineerView Limited(string id, int? perDay) => Engineer(id, Site) with { Resource = new ResourceProfile([], null, 3, perDay) };

    static VisitRecord Visit(string id, DateTimeOffset windowStart, int minutes = 60, GeoPoint? at = null, string? engineer = null,
        DateTimeOffset? start = null, VisitState state = VisitState.Unplanned, bool pinned = false) => new()
    {
        Id = id, CaseId = $"c-{id}", Severity = Severity.P3, Location = at ?? Site, WindowStart = windowStart, WindowEnd = windowStart.AddHours(6),
        DurationMinutes = minutes, State = engineer is null ? VisitState.Unplanned : state, EngineerId = engineer, PlannedStart = start, Pinned = pinned,
    };

    /// <summary>Tuesday (the day after <see cref="Now"/>) at <paramref name="hour"/> in Shanghai.</summary>
    static DateTimeOffset Tuesday(double hour) => ScheduleDays.At(ScheduleDays.Today(Now, Zone).AddDays(1), TimeSpan.FromHours(hour), Zone);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void No_route_of_a_replan_takes_an_engineers_day_past_its_visits_per_day(int seed)
    {
        var random = new Random(seed);
        var engineers = new[] { Limited("e-two", 2), Limited("e-three", 3), Limited("e-free", null) };
        var visits = Enumerable.Range(0, 24).Select(i => Visit($"v{i}", Tuesday(random.Next(0, 10)), random.Next(1, 4) * 15,
            new GeoPoint(Site.Lat + random.NextDouble() * 0.2 - 0.1, Site.Lon + random.NextDouble() * 0.2 - 0.1))).ToList();
        // A visit e-two has done on Tuesday already is outside the re-plan, but holds one of its two places.
        visits.Add(Visit("done", Tuesday(8), engineer: "e-two", start: Tuesday(8), state: VisitState.Done));
        var problem = ScheduleProblem.Build(Region, Now, 1, Zone, engineers, visits, Travel);

        Assert.Equal(1, problem.Problem.Engineers.Single(e => e.Id.StartsWith("e-two|") && e.Id.EndsWith(ScheduleDays.Today(Tuesday(8), Zone).ToString("yyyy-MM-dd"))).Capacity);
        foreach (IRoutePlanner planner in new IRoutePlanner[] { new GreedyInsertionPlanner(), new OrToolsPlanner() })
        {
            var slots = problem.Assignment(planner.Plan(problem.Problem, new PlannerSettings { TimeLimit = TimeSpan.FromMilliseconds(500) }));
            var perDay = slots.Values.OfType<VisitSlot>().Select(s => (s.EngineerId, Day: ScheduleDays.Today(s.PlannedStart, Zone)))
                .Append(("e-two", ScheduleDays.Today(Tuesday(8), Zone)))
                .GroupBy(d => d).ToDictionary(g => g.Key, g => g.Count());
            foreach (var ((engineer, day), count) in perDay)
                Assert.True(engineers.Single(e => e.Id == engineer).Resource.VisitsPerDay is not { } limit || count <= limit,
                    $"seed {seed}, {planner.GetType().Name}: {engineer} has {count} visits on {day}");
            Assert.True(slots.Values.Count(s => s?.EngineerId == "e-free") > 0, $"seed {seed}: the engineer without a limit takes the rest");
        }
    }

    [Fact]
    public void A_day_at_its_visits_per_day_refuses_a_plan_by_hand_naming_the_limit_and_another_day_does_not()
    {
        var engineer = Limited("e-one", 1);
        var planned = Visit("first", Tuesday(9), engineer: "e-one", start: Tuesday(9), state: VisitState.Planned);
        var next = Visit("second", Tuesday(9));
        var day = ScheduleDays.Day(ScheduleDays.Today(Tuesday(9), Zone), Zone);

        var refusal = VisitCapacity.RefuseFullDay(next, engineer, day, ScheduleDays.Today(Tuesday(9), Zone), [planned, next]);

        Assert.Contains("visitsPerDay 1", refusal);
        Assert.Null(VisitCapacity.RefuseFullDay(next, engineer, day, ScheduleDays.Today(Tuesday(9), Zone), [Visit("first", Tuesday(9), engineer: "e-one", start: Tuesday(9), state: VisitState.Cancelled), next]));
        Assert.Null(VisitCapacity.RefuseFullDay(next, Limited("e-one", null), day, ScheduleDays.Today(Tuesday(9), Zone), [planned, next]));
        // Re-planning the one visit the day holds is no second visit.
        Assert.Null(VisitCapacity.RefuseFullDay(planned, engineer, day, ScheduleDays.Today(Tuesday(9), Zone), [planned]));
    }

    [Fact]
    public void A_day_at_its_visits_per_day_offers_no_slot()
    {
        var visits = new[] { Visit("booked", Tuesday(9), engineer: "e-one", start: Tuesday(9), state: VisitState.Planned) };
        var tuesday = ScheduleDays.Today(Tuesday(9), Zone);
        var finder = new SlotFinder(Options, (a, b) => a is null || b is null ? default : Travel.Estimate(Region, a, b), Now);

        var full = finder.Find(Site, null, 3, [Limited("e-one", 1)], visits);
        var room = finder.Find(Site, null, 3, [Limited("e-one", 2)], visits);

        Assert.NotEmpty(full);
        Assert.DoesNotContain(full, o => ScheduleDays.Today(o.WindowStart, Zone) == tuesday);
        Assert.Contains(room, o => ScheduleDays.Today(o.WindowStart, Zone) == tuesday);
    }

    [Fact]
    public void A_plan_by_hand_the_engineer_cannot_drive_to_names_the_visit_it_collides_with_and_the_drives_minutes()
    {
        // 40 km east of the site: 52 km by road at 40 km/h, 78 minutes.
        var far = East(40);
        var before = Visit("before", Tuesday(9), engineer: "e-one", start: Tuesday(9), state: VisitState.Planned, pinned: true);
        var after = Visit("after", Tuesday(9), engineer: "e-one", start: Tuesday(14), state: VisitState.Planned, pinned: true);
        var movable = Visit("movable", Tuesday(9), engineer: "e-one", start: Tuesday(10.5), state: VisitState.Planned);
        var visit = Visit("new", Tuesday(9), at: far);
        var day = ScheduleDays.Day(ScheduleDays.Today(Tuesday(9), Zone), Zone);
        string? Refuse(double hour) => HandPlanChecks.RefuseTravel(visit, "e-one", Tuesday(hour), day, [before, after, movable, visit],
            (a, b) => Travel.Estimate(Region, a!, b!));

        var tooSoon = Refuse(10.5);
        var tooLate = Refuse(12.5);

        var minutes = (int)Math.Ceiling(Travel.Estimate(Region, Site, far).Duration.TotalMinutes);
        Assert.InRange(minutes, 75, 80);
        Assert.Contains("'before'", tooSoon);
        Assert.Contains($"{minutes} min", tooSoon);
        Assert.Contains("'after'", tooLate);
        Assert.Contains($"{minutes} min", tooLate);
        // 10:00 + 78 min ≤ 11:30, and 12:30 + 78 min ≤ 14:00; the planner's own visit at 10:30 yields to the person.
        Assert.Null(Refuse(11.5));
    }

    [Fact]
    public void A_walked_day_shows_a_stop_the_engineer_reaches_after_its_start_as_late()
    {
        var first = Visit("first", Tuesday(9), engineer: "e-one", start: Tuesday(9), state: VisitState.Planned);
        var forced = Visit("forced", Tuesday(9), at: East(40), engineer: "e-one", start: Tuesday(10.5), state: VisitState.Planned, pinned: true);

        var (stops, _) = ScheduleDays.Walk(Site, [first, forced], (a, b) => Travel.Estimate(Region, a!, b!));

        Assert.Equal(TimeSpan.Zero, stops[0].Late);
        // It ends at 10:00 and the drive to the second takes about 78 minutes: there at about 11:18 for a 10:30 start.
        Assert.Equal(Tuesday(10) + Travel.Estimate(Region, Site, East(40)).Duration - Tuesday(10.5), stops[1].Late);
    }

    [Fact]
    public void A_case_that_joined_a_region_is_owed_the_visits_it_records_that_the_region_lacks_once()
    {
        var moved = Case("c-move") with
        {
            Region = "east", VisitIds = ["v-1", "v-2"],
            Timeline = [Entry(4, TimelineTypes.Reassigned, fromRegion: "north")],
        };
        var view = Visit("v-1", Tuesday(9)).ToView("north", Now);

        Assert.Equal(new[] { "north" }, CaseMoves.SourceRegions(moved, "east", _ => false));
        Assert.Empty(CaseMoves.SourceRegions(moved, "east", _ => true));
        Assert.Empty(CaseMoves.SourceRegions(moved, "north", _ => false));
        Assert.Empty(CaseMoves.SourceRegions(moved with { State = CaseState.Resolved }, "east", _ => false));
        Assert.True(CaseMoves.IsOwed(moved, view with { CaseId = moved.Id }, _ => false));
        Assert.False(CaseMoves.IsOwed(moved, view, id => id == "v-1"));
        Assert.False(CaseMoves.IsOwed(moved with { VisitIds = ["v-2"] }, view, _ => false));
        // Recorded as moved since the case's last move: booked once already, even if this region has since forgotten it.
        Assert.False(CaseMoves.IsOwed(moved with { Timeline = [.. moved.Timeline, Entry(5, TimelineTypes.VisitMoved, visitId: "v-1")] }, view, _ => false));
        var adopted = CaseMoves.Adopt(view with { State = VisitState.Planned, EngineerId = "eng-beijing-1", Version = 4 }, moved);
        Assert.Equal(("v-1", VisitState.Unplanned, (string?)null, 5, view.WindowStart, view.WindowEnd, 60), (adopted.Id, adopted.State, adopted.EngineerId, adopted.Version,
            adopted.WindowStart, adopted.WindowEnd, adopted.DurationMinutes));
        Assert.Equal(("c-move", "beijing"), (adopted.CaseId, adopted.BranchId));
    }

    static TimelineEntry Entry(int version, string type, string? fromRegion = null, string? visitId = null) =>
        new() { Version = version, At = Now, Type = type, Actor = "hq", FromRegion = fromRegion, VisitId = visitId };

    [Fact]
    public void Started_visits_end_with_the_move_and_the_rest_go_along()
    {
        Assert.Equal(VisitState.Done, CaseMoves.EndsWithTheMove(new VisitRecord { State = VisitState.OnSite }));
        Assert.Equal(VisitState.Cancelled, CaseMoves.EndsWithTheMove(new VisitRecord { State = VisitState.Travelling }));
        Assert.Null(CaseMoves.EndsWithTheMove(new VisitRecord { State = VisitState.Planned }));
        var record = new ScheduleRecord();
        var open = Visit("open", Tuesday(9));
        open.CaseId = "c";
        record.Visits["open"] = open;
        record.HandedOver["old"] = new VisitRecord { Id = "old", CaseId = "c", EndedAt = Now.AddDays(-4) };
        record.HandedOver["new"] = new VisitRecord { Id = "new", CaseId = "c", EndedAt = Now.AddHours(-1) };

        Assert.Equal(new[] { "open", "new" }, CaseMoves.ToHandOver("c", record, Now.AddDays(-3)).Select(v => v.Id));
        CaseMoves.Prune(record, Now.AddDays(-3));
        Assert.Equal(new[] { "new" }, record.HandedOver.Keys);
    }
}
