using System.Net;
using System.Net.Http.Json;
using ServiceGrid.Cases;
using ServiceGrid.Schedule;
using ServiceGrid.Tests.Infrastructure;
using ServiceGrid.Tests.Web;

namespace ServiceGrid.Tests.Schedule;

/// <summary>
/// Issue 18's automatic re-plan (a host of its own: it puts a branch on <c>auto</c>): an engineer becoming unavailable spoils
/// the plan, and the schedule moves their planned visits to an engineer who can take them, by itself. The test waits on the
/// schedule's version and the visit's engineer, never on time.
/// </summary>
public sealed class ScheduleAutoReplanTests(WebFixture web) : IClassFixture<WebFixture>
{
    [Fact]
    public async Task Under_auto_an_engineer_becoming_unavailable_has_their_planned_visits_moved_by_the_schedule_itself()
    {
        var hq = await BeijingOnAutoAsync();
        // A P3 in the region's pool: the dispatch planner leaves it there, the schedule plans its visit.
        var opened = await hq.OpenCaseAsync(Severity.P3, region: "north", site: WebFixture.BeijingSite);
        var start = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(1)).AddHours(1);
        using var booked = await hq.PostAsync($"/api/cases/{opened.Id}/visits", new { windowStart = start, windowEnd = start.AddHours(8), durationMinutes = 60 });
        var visit = (await booked.Content.ReadFromJsonAsync<VisitView>(ApiClient.Json))!;
        using (var planned = await hq.Http.PutAsJsonAsync($"/api/cases/{opened.Id}/visits/{visit.Id}/plan", new { engineerId = "eng-beijing-1", plannedStart = start.AddHours(1) }, ApiClient.Json))
            Assert.Equal(HttpStatusCode.OK, planned.StatusCode);
        using (var unpinned = await hq.PostAsync($"/api/cases/{opened.Id}/visits/{visit.Id}/unpin", new { }))
            Assert.Equal(HttpStatusCode.OK, unpinned.StatusCode);
        var schedule = web.Grains.GetGrain<IScheduleGrain>("north");
        var before = await schedule.GetVersion();

        using (var sick = await web.Api("eng-beijing-1").Http.PutAsJsonAsync("/api/engineers/eng-beijing-1/availability",
                   new { status = "unavailable", reason = "vehicle breakdown", until = "2030-01-01T00:00:00Z" }, ApiClient.Json))
            Assert.Equal(HttpStatusCode.OK, sick.StatusCode);

        await Eventually.Until(schedule.GetVersion, version => version > before);
        var moved = await Eventually.Until(() => schedule.GetVisits(opened.Id), visits => visits.Single().EngineerId == "eng-beijing-2");
        var now = moved.Single();
        Assert.Equal((VisitState.Planned, false), (now.State, now.Pinned));
        Assert.True(now.PlannedStart >= now.WindowStart && now.PlannedStart <= now.WindowEnd);
        var timeline = (await hq.GetAsync<CaseView>($"/api/cases/{opened.Id}")).Timeline;
        Assert.Contains(timeline, e => e.Type == TimelineTypes.VisitPlanned && e.Actor == CaseDecisions.Planner && e.VisitId == visit.Id);
    }

    [Fact]
    public async Task Under_auto_a_P1_visit_booked_is_fitted_in_by_the_schedule_itself()
    {
        var hq = await BeijingOnAutoAsync();
        var opened = await hq.OpenCaseAsync(Severity.P1, region: "north", site: WebFixture.BeijingSite);
        var start = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(1)).AddHours(1);

        using var booked = await hq.PostAsync($"/api/cases/{opened.Id}/visits", new { windowStart = start, windowEnd = start.AddHours(8), durationMinutes = 60 });

        var visit = (await booked.Content.ReadFromJsonAsync<VisitView>(ApiClient.Json))!;
        var schedule = web.Grains.GetGrain<IScheduleGrain>("north");
        var planned = (await Eventually.Until(() => schedule.GetVisits(opened.Id), visits => visits.Single().State == VisitState.Planned)).Single();
        Assert.True(planned.State == VisitState.Planned && planned.PlannedStart >= planned.WindowStart && planned.PlannedStart <= planned.WindowEnd,
            $"the P1 visit is {planned.State} at {planned.PlannedStart}");
        var timeline = (await hq.GetAsync<CaseView>($"/api/cases/{opened.Id}")).Timeline;
        Assert.Contains(timeline, e => e.Type == TimelineTypes.VisitPlanned && e.Actor == CaseDecisions.Planner && e.VisitId == visit.Id);
    }

    /// <summary>Beijing's two engineers skilled for the fixture's unit, and the branch on <c>auto</c>.</summary>
    async Task<ApiClient> BeijingOnAutoAsync()
    {
        var hq = web.Api();
        foreach (var engineer in new[] { "eng-beijing-1", "eng-beijing-2" })
            using (var profile = await hq.Http.PutAsJsonAsync($"/api/engineers/{engineer}/profile", new { skills = new[] { "CNC-5000" }, capacity = 3 }, ApiClient.Json))
                Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        using (var policy = await hq.Http.PutAsJsonAsync("/api/branches/beijing/dispatch-policy", new { mode = "auto" }, ApiClient.Json))
            Assert.Equal(HttpStatusCode.OK, policy.StatusCode);
        return hq;
    }
}
