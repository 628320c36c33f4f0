using System.Net;
using System.Net.Http.Json;
using ServiceGrid.Cases;
using ServiceGrid.Organization;

namespace ServiceGrid.Tests.Web;

/// <summary>
/// Issue 15's routes through the real web host (a host of its own: these tests change engineers' profiles and
/// availability): candidates from live state, engineers' profiles and availability, pins, the dispatch policy, and
/// problem details for every bad input.
/// </summary>
public sealed class DispatchApiTests(WebFixture web) : IClassFixture<WebFixture>
{
    const string Model = "CNC-5000";

    [Fact]
    public async Task Candidates_rank_the_certified_engineer_first_with_reasons_and_never_list_an_unavailable_one()
    {
        var hq = web.Api();
        using (var profile = await PutAsync(hq, "/api/engineers/eng-beijing-2/profile", new { skills = new[] { Model }, capacity = 2 }))
            Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        using (var sick = await PutAsync(web.Api("eng-tianjin-1"), "/api/engineers/eng-tianjin-1/availability", new { status = "unavailable", reason = "sick", until = "2030-01-01T00:00:00Z" }))
            Assert.Equal(HttpStatusCode.OK, sick.StatusCode);
        var opened = await hq.OpenCaseAsync(Severity.P2, region: "north");

        var list = await hq.EventuallyAsync<CandidateList>($"/api/cases/{opened.Id}/candidates?limit=10",
            l => l.Items.FirstOrDefault()?.EngineerId == "eng-beijing-2" && l.Items.All(c => c.EngineerId != "eng-tianjin-1"));

        var best = list.Items[0];
        Assert.True(best.SkillMatch && best.Meets.Onsite);
        Assert.Contains($"certified for {Model}", best.Reasons);
        Assert.Contains(list.Items, c => c.BranchId == "tianjin");
        Assert.DoesNotContain(list.Items, c => c.EngineerId == "eng-tianjin-1");
        var engineer = await hq.GetAsync<EngineerView>("/api/engineers/eng-tianjin-1");
        Assert.Equal((EngineerStatus.Unavailable, "sick"), (engineer.Status, engineer.AvailabilityReason));
    }

    [Fact]
    public async Task HQ_asking_about_an_escalated_case_gets_engineers_of_every_region()
    {
        var hq = web.Api();
        var opened = await hq.OpenCaseAsync(Severity.P1, region: "north");
        await hq.CommandAsync(opened.Id, "escalate", new { reason = "needs a senior expert" });

        var list = await hq.EventuallyAsync<CandidateList>($"/api/cases/{opened.Id}/candidates?limit=50",
            l => l.Items.Select(c => c.BranchId).Distinct().Count() == 4);

        Assert.Contains(list.Items, c => c.BranchId == "shanghai");
        Assert.True(list.Items.Zip(list.Items.Skip(1)).All(pair => pair.First.Score >= pair.Second.Score));
    }

    [Fact]
    public async Task A_branch_asks_for_the_candidates_of_the_case_it_holds_among_its_own_engineers()
    {
        var branch = web.Api("branch-tianjin");
        var opened = await web.Api().OpenCaseAsync(Severity.P3, region: "north");
        await branch.CommandAsync(opened.Id, "claim", new { branchId = "tianjin" });

        var list = await branch.EventuallyAsync<CandidateList>($"/api/cases/{opened.Id}/candidates", l => l.Items.Length > 0);

        Assert.All(list.Items, c => Assert.Equal("tianjin", c.BranchId));
    }

    [Fact]
    public async Task Pin_and_unpin_are_on_the_timeline_and_pinning_twice_changes_nothing()
    {
        var hq = web.Api();
        var opened = await hq.OpenCaseAsync(region: "north");

        var pinned = await hq.CommandAsync(opened.Id, "pin");
        var again = await hq.CommandAsync(opened.Id, "pin");
        var unpinned = await hq.CommandAsync(opened.Id, "unpin");

        Assert.True(pinned.Timeline.IsPinned());
        Assert.Equal(pinned.Version, again.Version);
        Assert.False(unpinned.Timeline.IsPinned());
    }

    [Fact]
    public async Task The_dispatch_policy_defaults_to_suggest_and_can_be_set()
    {
        var branch = web.Api("branch-hangzhou");
        Assert.Equal(DispatchMode.Suggest, (await branch.GetAsync<DispatchPolicyView>("/api/branches/hangzhou/dispatch-policy")).Mode);

        using var response = await PutAsync(branch, "/api/branches/hangzhou/dispatch-policy", new { mode = "off" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(DispatchMode.Off, (await branch.GetAsync<DispatchPolicyView>("/api/branches/hangzhou/dispatch-policy")).Mode);
    }

    [Fact]
    public async Task Candidates_of_an_unknown_case_are_404_and_a_limit_out_of_range_is_400()
    {
        var hq = web.Api();
        var opened = await hq.OpenCaseAsync(region: "north");

        using var unknown = await hq.Http.GetAsync("/api/cases/no-such-case/candidates");
        await ApiClient.ProblemAsync(unknown, HttpStatusCode.NotFound);
        foreach (var limit in new[] { "0", "51", "abc", "-1" })
        {
            using var response = await hq.Http.GetAsync($"/api/cases/{opened.Id}/candidates?limit={limit}");
            var problem = await ApiClient.ProblemAsync(response, HttpStatusCode.BadRequest);
            Assert.NotNull(problem["errors"]!["limit"]);
        }
    }

    [Theory]
    [InlineData("""{"shifts":{"timeZone":"Asia/Shanghai","periods":[{"day":"monday","start":"25:00","end":"18:00"}]}}""", "shifts.periods[0].start")]
    [InlineData("""{"shifts":{"timeZone":"Asia/Shanghai","periods":[{"day":"monday","start":"18:00","end":"08:00"}]}}""", "shifts.periods[0]")]
    [InlineData("""{"shifts":{"timeZone":"Asia/Shanghai","periods":[{"day":"someday","start":"08:00","end":"18:00"}]}}""", "shifts.periods[0].day")]
    [InlineData("""{"shifts":{"timeZone":"Mars/Olympus","periods":[]}}""", "shifts.timeZone")]
    [InlineData("""{"shifts":{"timeZone":"Asia/Shanghai"}}""", "shifts.periods")]
    [InlineData("""{"shifts":{"timeZone":"Asia/Shanghai","periods":[null]}}""", "shifts.periods[0]")]
    [InlineData("""{"capacity":0}""", "capacity")]
    [InlineData("""{"skills":[""]}""", "skills[0]")]
    public async Task A_malformed_profile_is_400_naming_the_field(string body, string field)
    {
        using var response = await web.Api().Http.PutAsync("/api/engineers/eng-hangzhou-1/profile", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await ApiClient.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task A_valid_shift_calendar_is_stored_and_shown()
    {
        var hq = web.Api();
        using var response = await PutAsync(hq, "/api/engineers/eng-shanghai-2/profile", new
        {
            skills = new[] { Model }, capacity = 3,
            shifts = new { timeZone = "Asia/Shanghai", onCall = true, periods = new[] { new { day = "monday", start = "18:00", end = "24:00" } } },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var engineer = await hq.GetAsync<EngineerView>("/api/engineers/eng-shanghai-2");

        Assert.Equal(3, engineer.Resource.Capacity);
        Assert.Equal(new ShiftPeriod(DayOfWeek.Monday, new TimeOnly(18, 0), TimeOnly.MinValue), engineer.Resource.Shifts!.Periods.Single());
        Assert.True(engineer.Resource.Shifts.OnCall);
    }

    [Theory]
    [InlineData("/api/engineers/eng-hangzhou-1/availability", """{"status":"asleep"}""", "status")]
    [InlineData("/api/engineers/eng-hangzhou-1/availability", """{"status":"unavailable","until":"tomorrow"}""", "until")]
    [InlineData("/api/branches/hangzhou/dispatch-policy", """{"mode":"always"}""", "mode")]
    public async Task Bad_availability_or_policy_is_400_naming_the_field(string path, string body, string field)
    {
        using var response = await web.Api().Http.PutAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await ApiClient.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task Unknown_engineers_and_branches_are_404()
    {
        using var engineer = await PutAsync(web.Api(), "/api/engineers/eng-nowhere-9/availability", new { status = "available" });
        using var branch = await PutAsync(web.Api(), "/api/branches/atlantis/dispatch-policy", new { mode = "auto" });

        await ApiClient.ProblemAsync(engineer, HttpStatusCode.NotFound);
        await ApiClient.ProblemAsync(branch, HttpStatusCode.NotFound);
    }

    static Task<HttpResponseMessage> PutAsync(ApiClient api, string path, object body) => api.Http.PutAsJsonAsync(path, body, ApiClient.Json);
}
