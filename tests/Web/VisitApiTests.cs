using System.Net;
using System.Net.Http.Json;
using ServiceGrid.Cases;
using ServiceGrid.Organization;
using ServiceGrid.Schedule;
using ServiceGrid.Tests.Infrastructure;

namespace ServiceGrid.Tests.Web;

/// <summary>
/// Issue 18's routes through the real web host (a host of its own: these tests plan engineers' days): booking visits, planning
/// them by hand, the field steps that move the case, an engineer's day, the region's day, re-plans and slot offers, with
/// problem details for every bad input.
/// </summary>
public sealed class VisitApiTests(WebFixture web) : IClassFixture<WebFixture>
{
    const string Model = "CNC-5000";

    /// <summary>09:00–17:00 in Shanghai, <paramref name="days"/> UTC days from today: inside every horizon and slot range used here.</summary>
    static (DateTimeOffset Start, DateTimeOffset End) Window(int days) =>
        (new DateTimeOffset(DateTime.UtcNow.Date.AddDays(days)).AddHours(1), new DateTimeOffset(DateTime.UtcNow.Date.AddDays(days)).AddHours(9));

    async Task<ApiClient> SkilledAsync(params string[] engineers)
    {
        var hq = web.Api();
        foreach (var engineer in engineers)
        {
            using var response = await hq.Http.PutAsJsonAsync($"/api/engineers/{engineer}/profile", new { skills = new[] { Model }, capacity = 3 }, ApiClient.Json);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        return hq;
    }

    static async Task<VisitView> BookAsync(ApiClient api, string caseId, int days = 2, int minutes = 60, string? skill = null, string? key = null)
    {
        var (start, end) = Window(days);
        using var response = await api.PostAsync($"/api/cases/{caseId}/visits", new { windowStart = start, windowEnd = end, durationMinutes = minutes, requiredSkill = skill }, key);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<VisitView>(ApiClient.Json))!;
    }

    static Task<HttpResponseMessage> PlanAsync(ApiClient api, VisitView visit, string engineerId, DateTimeOffset start) =>
        api.Http.PutAsJsonAsync($"/api/cases/{visit.CaseId}/visits/{visit.Id}/plan", new { engineerId, plannedStart = start }, ApiClient.Json);

    static async Task<VisitView> VisitAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<VisitView>(ApiClient.Json))!;
    }

    [Fact]
    public async Task A_booked_visit_is_unplanned_listed_on_its_case_and_recorded_on_the_timeline()
    {
        var hq = web.Api();
        var opened = await hq.OpenCaseAsync(Severity.P3, region: "north", site: WebFixture.BeijingSite);

        var visit = await BookAsync(web.Api("csc"), opened.Id);

        Assert.Equal((VisitState.Unplanned, opened.Id, "north", Model, 60, false), (visit.State, visit.CaseId, visit.Region, visit.RequiredSkill, visit.DurationMinutes, visit.Pinned));
        Assert.Equal(WebFixture.BeijingSite, visit.Location);
        var listed = await hq.GetAsync<VisitView[]>($"/api/cases/{opened.Id}/visits");
        Assert.Equal(visit.Id, Assert.Single(listed).Id);
        var view = await hq.GetAsync<CaseView>($"/api/cases/{opened.Id}");
        Assert.Contains(visit.Id, view.VisitIds);
        Assert.Contains(view.Timeline, e => e.Type == TimelineTypes.VisitBooked && e.VisitId == visit.Id);
    }

    [Fact]
    public async Task A_booking_retried_with_its_idempotency_key_books_one_visit()
    {
        var hq = web.Api();
        var opened = await hq.OpenCaseAsync(Severity.P4, region: "north");

        var first = await BookAsync(hq, opened.Id, key: "book-once");
        var again = await BookAsync(hq, opened.Id, key: "book-once");

        Assert.Equal(first.Id, again.Id);
        Assert.Single(await hq.GetAsync<VisitView[]>($"/api/cases/{opened.Id}/visits"));
    }

    [Fact]
    public async Task Bad_bookings_get_problem_details()
    {
        var hq = web.Api();
        var opened = await hq.OpenCaseAsync(Severity.P4, region: "north");
        var (start, end) = Window(2);
        async Task ExpectAsync(string caseId, object body, HttpStatusCode status, string? field = null)
        {
            using var response = await hq.PostAsync($"/api/cases/{caseId}/visits", body);
            var problem = await ApiClient.ProblemAsync(response, status);
            if (field is not null) Assert.NotNull(problem["errors"]![field]);
        }

        await ExpectAsync(opened.Id, new { windowStart = end, windowEnd = start, durationMinutes = 60 }, HttpStatusCode.BadRequest, "windowEnd");
        await ExpectAsync(opened.Id, new { windowStart = start, windowEnd = end, durationMinutes = 0 }, HttpStatusCode.BadRequest, "durationMinutes");
        await ExpectAsync(opened.Id, new { windowStart = start, windowEnd = start.AddHours(1), durationMinutes = 120 }, HttpStatusCode.BadRequest, "durationMinutes");
        await ExpectAsync(opened.Id, new { windowStart = start.AddDays(-5), windowEnd = end.AddDays(-5), durationMinutes = 60 }, HttpStatusCode.BadRequest, "windowEnd");
        await ExpectAsync(opened.Id, new { windowStart = start.AddDays(100), windowEnd = end.AddDays(100), durationMinutes = 60 }, HttpStatusCode.BadRequest, "windowStart");
        await ExpectAsync(opened.Id, new { windowEnd = end, durationMinutes = 60 }, HttpStatusCode.BadRequest, "windowStart");
        await ExpectAsync("01unknown0000000", new { windowStart = start, windowEnd = end, durationMinutes = 60 }, HttpStatusCode.NotFound);
        await hq.CommandAsync(opened.Id, "cancel", new { reason = "customer withdrew" });
        await ExpectAsync(opened.Id, new { windowStart = start, windowEnd = end, durationMinutes = 60 }, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_visit_planned_by_hand_is_pinned_and_shows_on_the_engineers_day_and_the_regions_day()
    {
        var hq = await SkilledAsync("eng-beijing-2");
        var opened = await hq.OpenCaseAsync(Severity.P3, region: "north", site: WebFixture.BeijingSite);
        var visit = await BookAsync(hq, opened.Id, days: 3);
        var start = visit.WindowStart.AddHours(2);

        var planned = await VisitAsync(await PlanAsync(web.Api("branch-beijing"), visit, "eng-beijing-2", start));

        Assert.Equal((VisitState.Planned, "eng-beijing-2", start, start.AddMinutes(60), true), (planned.State, planned.EngineerId, planned.PlannedStart, planned.PlannedEnd, planned.Pinned));
        var date = $"{start.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd}";
        var day = await web.Api("eng-beijing-2").GetAsync<EngineerPlan>($"/api/engineers/eng-beijing-2/plan?date={date}");
        var stop = Assert.Single(day.Stops, s => s.Visit.Id == visit.Id);
        Assert.True(stop.FitsWindow);
        Assert.Equal(visit.SlaDueAt is not { } due || start <= due, stop.MeetsSla);
        Assert.True(stop.TravelKmBefore > 0, "the engineer drives from the branch to the site");
        var schedule = await hq.GetAsync<RegionSchedule>($"/api/regions/north/schedule?date={date}");
        Assert.Contains(schedule.Engineers.Single(e => e.EngineerId == "eng-beijing-2").Stops, s => s.Visit.Id == visit.Id);
        Assert.DoesNotContain(schedule.Unplanned, v => v.Id == visit.Id);
        var unpinned = await VisitAsync(await hq.PostAsync($"/api/cases/{opened.Id}/visits/{visit.Id}/unpin", new { }));
        Assert.False(unpinned.Pinned);
        Assert.True(unpinned.Version > planned.Version);
    }

    [Fact]
    public async Task A_plan_by_hand_is_refused_with_the_reason_for_an_unknown_engineer_a_missing_skill_or_a_start_outside_the_window()
    {
        var hq = await SkilledAsync("eng-beijing-1");
        var opened = await hq.OpenCaseAsync(Severity.P3, region: "north");
        var visit = await BookAsync(hq, opened.Id);
        var laser = await BookAsync(hq, opened.Id, skill: "LASER-9");

        await ApiClient.ProblemAsync(await PlanAsync(hq, visit, "eng-nowhere-9", visit.WindowStart), HttpStatusCode.NotFound);
        var skill = await ApiClient.ProblemAsync(await PlanAsync(hq, laser, "eng-beijing-1", laser.WindowStart), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("skill", skill["detail"]!.GetValue<string>());
        var window = await ApiClient.ProblemAsync(await PlanAsync(hq, visit, "eng-beijing-1", visit.WindowEnd.AddHours(1)), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("window", window["detail"]!.GetValue<string>());
        var foreign = await ApiClient.ProblemAsync(await PlanAsync(hq, visit, "eng-shanghai-1", visit.WindowStart), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("region", foreign["detail"]!.GetValue<string>());
        await ApiClient.ProblemAsync(await PlanAsync(hq, visit with { Id = "v-unknown" }, "eng-beijing-1", visit.WindowStart), HttpStatusCode.NotFound);
        await VisitAsync(await hq.PostAsync($"/api/cases/{opened.Id}/visits/{visit.Id}/cancel", new { reason = "customer moved it" }));
        await ApiClient.ProblemAsync(await PlanAsync(hq, visit, "eng-beijing-1", visit.WindowStart), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Travel_on_a_visit_dispatches_its_pool_case_to_the_visits_engineer_and_arrive_meets_the_onsite_milestone()
    {
        var hq = await SkilledAsync("eng-tianjin-2");
        var opened = await hq.OpenCaseAsync(Severity.P3, region: "north", site: WebFixture.BeijingSite);
        var visit = await BookAsync(hq, opened.Id);
        await VisitAsync(await PlanAsync(hq, visit, "eng-tianjin-2", visit.WindowStart));
        var engineer = web.Api("eng-tianjin-2");
        await ApiClient.ProblemAsync(await web.Api("eng-tianjin-1").PostAsync($"/api/cases/{opened.Id}/visits/{visit.Id}/travel", new { }), HttpStatusCode.Forbidden);

        var travelling = await VisitAsync(await engineer.PostAsync($"/api/cases/{opened.Id}/visits/{visit.Id}/travel", new { }));

        Assert.Equal(VisitState.Travelling, travelling.State);
        var dispatched = await hq.GetAsync<CaseView>($"/api/cases/{opened.Id}");
        Assert.Equal((CaseState.Responded, "tianjin", "eng-tianjin-2"), (dispatched.State, dispatched.BranchId, dispatched.EngineerId));
        Assert.Contains(dispatched.Timeline, e => e.Type == TimelineTypes.TravelStarted);
        var onSite = await VisitAsync(await engineer.PostAsync($"/api/cases/{opened.Id}/visits/{visit.Id}/arrive", new { }));
        Assert.Equal(VisitState.OnSite, onSite.State);
        var arrived = await hq.GetAsync<CaseView>($"/api/cases/{opened.Id}");
        Assert.Equal((CaseState.OnSite, MilestoneStatus.Met), (arrived.State, arrived.Sla.Onsite.Status));
        await ApiClient.ProblemAsync(await hq.Http.PutAsJsonAsync($"/api/cases/{opened.Id}/visits/{visit.Id}/plan",
            new { engineerId = "eng-tianjin-2", plannedStart = visit.WindowStart }, ApiClient.Json), HttpStatusCode.Conflict);
        var done = await VisitAsync(await engineer.PostAsync($"/api/cases/{opened.Id}/visits/{visit.Id}/done", new { }));
        Assert.Equal(VisitState.Done, done.State);
    }

    [Fact]
    public async Task A_replan_proposes_moves_that_apply_plans_and_a_hand_edit_between_them_makes_apply_409_and_stands()
    {
        var hq = await SkilledAsync("eng-beijing-1", "eng-beijing-2", "eng-tianjin-1", "eng-tianjin-2");
        var opened = await hq.OpenCaseAsync(Severity.P2, region: "north", site: WebFixture.BeijingSite);
        var first = await BookAsync(hq, opened.Id, days: 1);
        var second = await BookAsync(hq, opened.Id, days: 1);

        var proposal = await ProposeAsync(hq);
        Assert.Contains(proposal.Moves, m => m.VisitId == first.Id && m.From is null && m.To is not null);
        Assert.True(proposal.After.Unplanned < proposal.Before.Unplanned);
        var applied = await ApplyAsync(hq, proposal.Id);
        Assert.True(applied.Version > proposal.BasedOnVersion);
        var visits = await hq.GetAsync<VisitView[]>($"/api/cases/{opened.Id}/visits");
        Assert.All(visits, v => Assert.Equal((VisitState.Planned, false), (v.State, v.Pinned)));

        // A third visit: the next proposal plans it, a person plans it by hand before the apply, and the person wins.
        var third = await BookAsync(hq, opened.Id, days: 1);
        var next = await ProposeAsync(hq);
        var proposed = next.Moves.Single(m => m.VisitId == third.Id).To!;
        var other = proposed.EngineerId == "eng-tianjin-2" ? "eng-tianjin-1" : "eng-tianjin-2";
        var hand = await VisitAsync(await PlanAsync(hq, third, other, third.WindowEnd.AddHours(-1)));

        var refused = await ApiClient.ProblemAsync(await hq.PostAsync($"/api/regions/north/replan/{next.Id}/apply", new { }), HttpStatusCode.Conflict);

        Assert.Contains(third.Id, refused["detail"]!.GetValue<string>());
        var stands = (await hq.GetAsync<VisitView[]>($"/api/cases/{opened.Id}/visits")).Single(v => v.Id == third.Id);
        Assert.Equal((other, hand.PlannedStart, true, hand.Version), (stands.EngineerId, stands.PlannedStart, stands.Pinned, stands.Version));
        Assert.Equal(visits.Single(v => v.Id == second.Id).PlannedStart,
            (await hq.GetAsync<VisitView[]>($"/api/cases/{opened.Id}/visits")).Single(v => v.Id == second.Id).PlannedStart);
    }

    [Fact]
    public async Task An_unknown_or_discarded_proposal_is_404_and_bad_replan_input_is_400()
    {
        var hq = web.Api();
        await ApiClient.ProblemAsync(await hq.PostAsync("/api/regions/north/replan/rp-unknown/apply", new { }), HttpStatusCode.NotFound);
        var proposal = await ProposeAsync(hq);
        using (var discarded = await hq.Http.DeleteAsync($"/api/regions/north/replan/{proposal.Id}"))
            Assert.Equal(HttpStatusCode.NoContent, discarded.StatusCode);
        await ApiClient.ProblemAsync(await hq.PostAsync($"/api/regions/north/replan/{proposal.Id}/apply", new { }), HttpStatusCode.NotFound);
        await ApiClient.ProblemAsync(await hq.PostAsync("/api/regions/north/replan", new { horizonDays = 40 }), HttpStatusCode.BadRequest);
        await ApiClient.ProblemAsync(await hq.PostAsync("/api/regions/north/replan", new { timeLimitSeconds = 0 }), HttpStatusCode.BadRequest);
        await ApiClient.ProblemAsync(await hq.PostAsync("/api/regions/nowhere/replan", new { }), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/api/regions/north/schedule?date=2026-13-01")]
    [InlineData("/api/regions/north/schedule")]
    [InlineData("/api/engineers/eng-beijing-1/plan?date=yesterday")]
    [InlineData("/api/engineers/eng-beijing-1/plan?date=2099-01-01")]
    [InlineData("/api/cases/01unknown0000000/slots?days=0")]
    [InlineData("/api/cases/01unknown0000000/slots?days=32")]
    public async Task Bad_dates_and_ranges_get_400_problem_details(string path)
    {
        using var response = await web.Api().Http.GetAsync(path);
        await ApiClient.ProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Unknown_cases_engineers_and_regions_get_404_problem_details()
    {
        var hq = web.Api();
        await ApiClient.ProblemAsync(await hq.Http.GetAsync("/api/cases/01unknown0000000/slots"), HttpStatusCode.NotFound);
        await ApiClient.ProblemAsync(await hq.Http.GetAsync("/api/cases/01unknown0000000/visits"), HttpStatusCode.NotFound);
        await ApiClient.ProblemAsync(await hq.Http.GetAsync($"/api/engineers/eng-nowhere-9/plan?date={DateTime.UtcNow:yyyy-MM-dd}"), HttpStatusCode.NotFound);
        await ApiClient.ProblemAsync(await hq.Http.GetAsync($"/api/regions/nowhere/schedule?date={DateTime.UtcNow:yyyy-MM-dd}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Slots_offer_up_to_three_windows_earliest_first_on_distinct_days_for_a_qualified_engineer()
    {
        var hq = await SkilledAsync("eng-beijing-1");
        var opened = await hq.OpenCaseAsync(Severity.P4, region: "north", site: WebFixture.BeijingSite);

        var slots = await web.Api(WebFixture.Customer).GetAsync<SlotList>($"/api/cases/{opened.Id}/slots?days=5");

        Assert.Equal(3, slots.Items.Length);
        Assert.True(slots.Items.Zip(slots.Items.Skip(1)).All(p => p.First.WindowStart < p.Second.WindowStart));
        Assert.Equal(3, slots.Items.Select(s => s.WindowStart.ToOffset(TimeSpan.FromHours(8)).Date).Distinct().Count());
        Assert.All(slots.Items, s => Assert.True(s.WindowStart > DateTimeOffset.UtcNow && s.WindowEnd - s.WindowStart == TimeSpan.FromHours(2)));
    }

    [Fact]
    public async Task No_slot_is_offered_when_no_engineer_of_the_region_has_the_skill()
    {
        var hq = web.Api();
        var opened = await hq.OpenCaseAsync(Severity.P4, region: "east", site: WebFixture.ShanghaiSite);

        var slots = await hq.GetAsync<SlotList>($"/api/cases/{opened.Id}/slots?days=3");

        Assert.Empty(slots.Items);
    }

    [Fact]
    public async Task A_replan_with_a_visitId_fits_that_visit_in_moving_at_most_three_routes_and_bad_visits_get_problem_details()
    {
        var hq = await SkilledAsync("eng-beijing-1", "eng-beijing-2", "eng-tianjin-1", "eng-tianjin-2");
        var opened = await hq.OpenCaseAsync(Severity.P1, region: "north", site: WebFixture.BeijingSite);
        var visit = await BookAsync(hq, opened.Id, days: 1);

        using var response = await hq.PostAsync("/api/regions/north/replan", new { visitId = visit.Id, horizonDays = 3, timeLimitSeconds = 0.5 });

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var proposal = (await response.Content.ReadFromJsonAsync<ReplanProposal>(ApiClient.Json))!;
        Assert.Contains(proposal.Moves, m => m.VisitId == visit.Id && m.From is null && m.To is not null);
        Assert.True(proposal.Moves.SelectMany(m => new[] { m.From?.EngineerId, m.To?.EngineerId }).OfType<string>().Distinct().Count() <= 3);
        await ApplyAsync(hq, proposal.Id);
        Assert.Equal(VisitState.Planned, (await hq.GetAsync<VisitView[]>($"/api/cases/{opened.Id}/visits")).Single(v => v.Id == visit.Id).State);

        await ApiClient.ProblemAsync(await hq.PostAsync("/api/regions/north/replan", new { visitId = "v-nowhere" }), HttpStatusCode.NotFound);
        await ApiClient.ProblemAsync(await hq.PostAsync("/api/regions/north/replan", new { visitId = " " }), HttpStatusCode.BadRequest);
        // A visit of another region is not in this region's schedule: 404, like any visit the region does not know.
        var elsewhere = await BookAsync(hq, (await hq.OpenCaseAsync(Severity.P1, region: "east", site: WebFixture.ShanghaiSite)).Id, days: 1);
        await ApiClient.ProblemAsync(await hq.PostAsync("/api/regions/north/replan", new { visitId = elsewhere.Id }), HttpStatusCode.NotFound);
        using (var cancelled = await hq.PostAsync($"/api/cases/{opened.Id}/visits/{visit.Id}/cancel", new { reason = "called off" }))
            Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        await ApiClient.ProblemAsync(await hq.PostAsync("/api/regions/north/replan", new { visitId = visit.Id }), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_plan_by_hand_the_engineer_cannot_drive_to_in_time_is_409_naming_the_visit_and_force_keeps_it_pinned_and_late()
    {
        var hq = await SkilledAsync("eng-tianjin-1");
        var near = await hq.OpenCaseAsync(Severity.P4, region: "north", site: WebFixture.BeijingSite);
        // About 40 km east: over an hour's drive.
        var far = await hq.OpenCaseAsync(Severity.P4, region: "north", site: new GeoPoint(WebFixture.BeijingSite.Lat, WebFixture.BeijingSite.Lon + 40 / 85.4));
        var first = await BookAsync(hq, near.Id, days: 4);
        var second = await BookAsync(hq, far.Id, days: 4);
        await VisitAsync(await PlanAsync(hq, first, "eng-tianjin-1", first.WindowStart));
        var tooSoon = first.WindowStart.AddMinutes(70);

        var refused = await ApiClient.ProblemAsync(await PlanAsync(hq, second, "eng-tianjin-1", tooSoon), HttpStatusCode.Conflict);

        var detail = refused["detail"]!.GetValue<string>();
        Assert.Contains(first.Id, detail);
        Assert.Matches(@"the drive takes \d+ min", detail);
        Assert.Equal(VisitState.Unplanned, (await hq.GetAsync<VisitView[]>($"/api/cases/{far.Id}/visits")).Single().State);
        var forced = await VisitAsync(await hq.Http.PutAsJsonAsync($"/api/cases/{far.Id}/visits/{second.Id}/plan",
            new { engineerId = "eng-tianjin-1", plannedStart = tooSoon, force = true }, ApiClient.Json));
        Assert.Equal((VisitState.Planned, true, tooSoon), (forced.State, forced.Pinned, forced.PlannedStart));
        var day = await hq.GetAsync<EngineerPlan>($"/api/engineers/eng-tianjin-1/plan?date={tooSoon.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd}");
        Assert.True(day.Stops.Single(s => s.Visit.Id == second.Id).MinutesLate > 0, "the forced visit shows late on the engineer's day");
        Assert.Equal(0, day.Stops.Single(s => s.Visit.Id == first.Id).MinutesLate);
    }

    [Fact]
    public async Task Visits_per_day_is_validated_and_a_plan_by_hand_onto_a_full_day_is_409_naming_the_limit_unless_forced()
    {
        var hq = web.Api();
        foreach (var bad in new[] { 0, 51 })
        {
            using var invalid = await hq.Http.PutAsJsonAsync("/api/engineers/eng-tianjin-2/profile", new { skills = new[] { Model }, visitsPerDay = bad }, ApiClient.Json);
            Assert.NotNull((await ApiClient.ProblemAsync(invalid, HttpStatusCode.BadRequest))["errors"]!["visitsPerDay"]);
        }
        using (var profile = await hq.Http.PutAsJsonAsync("/api/engineers/eng-tianjin-2/profile", new { skills = new[] { Model }, visitsPerDay = 1 }, ApiClient.Json))
        {
            Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
            Assert.Equal(1, (await profile.Content.ReadFromJsonAsync<EngineerView>(ApiClient.Json))!.Resource.VisitsPerDay);
        }
        var opened = await hq.OpenCaseAsync(Severity.P4, region: "north", site: WebFixture.BeijingSite);
        var first = await BookAsync(hq, opened.Id, days: 5);
        var second = await BookAsync(hq, opened.Id, days: 5);
        await VisitAsync(await PlanAsync(hq, first, "eng-tianjin-2", first.WindowStart));

        var full = await ApiClient.ProblemAsync(await PlanAsync(hq, second, "eng-tianjin-2", second.WindowStart.AddHours(3)), HttpStatusCode.Conflict);

        Assert.Contains("visitsPerDay 1", full["detail"]!.GetValue<string>());
        var forced = await VisitAsync(await hq.Http.PutAsJsonAsync($"/api/cases/{opened.Id}/visits/{second.Id}/plan",
            new { engineerId = "eng-tianjin-2", plannedStart = second.WindowStart.AddHours(3), force = true }, ApiClient.Json));
        Assert.Equal(("eng-tianjin-2", true), (forced.EngineerId, forced.Pinned));
        await SkilledAsync("eng-tianjin-2");
        var document = await hq.Http.GetStringAsync("/openapi/v1.json");
        Assert.All(new[] { "\"visitsPerDay\"", "\"force\"", "\"minutesLate\"" }, field => Assert.Contains(field, document));
    }

    [Fact]
    public async Task A_case_reassigned_to_a_branch_of_another_region_takes_its_open_visit_along_unplanned_with_a_timeline_entry()
    {
        var hq = await SkilledAsync("eng-beijing-2");
        var opened = await hq.OpenCaseAsync(Severity.P3, region: "north", site: WebFixture.BeijingSite);
        var visit = await BookAsync(hq, opened.Id, days: 6);
        await VisitAsync(await PlanAsync(hq, visit, "eng-beijing-2", visit.WindowStart));

        using (var reassigned = await hq.PostAsync($"/api/cases/{opened.Id}/reassign", new { branchId = "shanghai" }))
            Assert.True(reassigned.StatusCode == HttpStatusCode.OK, await reassigned.Content.ReadAsStringAsync());

        var moved = await Eventually.Until(() => hq.GetAsync<VisitView[]>($"/api/cases/{opened.Id}/visits"), v => v.Length == 1);
        Assert.Equal((visit.Id, "east", VisitState.Unplanned, (string?)null, visit.WindowStart, visit.DurationMinutes),
            (moved[0].Id, moved[0].Region, moved[0].State, moved[0].EngineerId, moved[0].WindowStart, moved[0].DurationMinutes));
        var date = $"{visit.WindowStart.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd}";
        var north = await hq.GetAsync<RegionSchedule>($"/api/regions/north/schedule?date={date}");
        Assert.DoesNotContain(north.Engineers.SelectMany(e => e.Stops), s => s.Visit.Id == visit.Id);
        Assert.DoesNotContain(north.Unplanned, v => v.Id == visit.Id);
        var east = await hq.GetAsync<RegionSchedule>($"/api/regions/east/schedule?date={date}");
        Assert.Contains(east.Unplanned, v => v.Id == visit.Id);
        var timeline = (await Eventually.Until(() => hq.GetAsync<CaseView>($"/api/cases/{opened.Id}"),
            c => c.Timeline.Any(e => e.Type == TimelineTypes.VisitMoved))).Timeline;
        Assert.Equal(visit.Id, timeline.Single(e => e.Type == TimelineTypes.VisitMoved).VisitId);
    }

    static async Task<ReplanProposal> ProposeAsync(ApiClient hq)
    {
        using var response = await hq.PostAsync("/api/regions/north/replan", new { horizonDays = 3, timeLimitSeconds = 0.5 });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ReplanProposal>(ApiClient.Json))!;
    }

    static async Task<AppliedPlan> ApplyAsync(ApiClient hq, string proposalId)
    {
        using var response = await hq.PostAsync($"/api/regions/north/replan/{proposalId}/apply", new { });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<AppliedPlan>(ApiClient.Json))!;
    }
}
