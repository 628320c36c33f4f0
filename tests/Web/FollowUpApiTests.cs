using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ServiceGrid.Cases;
using ServiceGrid.Organization;

namespace ServiceGrid.Tests.Web;

/// <summary>Service plan 4.7.5 through the real web host: call-backs, dissatisfied follow-ups, quarterly visits, the satisfaction report.</summary>
[Collection(WebCollection.Name)]
public sealed class FollowUpApiTests(WebFixture web)
{
    readonly ApiClient _csc = web.Api("csc");

    static string ThisMonth => DateTime.UtcNow.ToString("yyyy-MM");
    static string ThisQuarter => $"{DateTime.UtcNow.Year}-Q{(DateTime.UtcNow.Month - 1) / 3 + 1}";

    async Task<string> CustomerAsync()
    {
        var customerId = $"cust-fu-{Guid.NewGuid():N}"[..20];
        await web.Grains.GetGrain<ICustomerGrain>(customerId).Register(new CustomerView(customerId, "Dalian Port Cranes",
            [new CustomerSite("Quay", WebFixture.BeijingSite, "north")],
            [new EquipmentUnit($"SN-{customerId}", "GX-800 access router", DateTimeOffset.UtcNow.AddDays(-10), 0)]));
        return customerId;
    }

    /// <summary>A consultation answered on the spot: the quickest way to a closed case.</summary>
    async Task<CaseView> ClosedCaseAsync(string customerId)
    {
        using var response = await _csc.PostAsync("/api/cases", new
        {
            customerId, kind = "consultation", severity = "P5", channel = "hotline", title = "How to reset", description = "d",
            equipmentSerial = $"SN-{customerId}",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var opened = (await response.Content.ReadFromJsonAsync<CaseView>(ApiClient.Json))!;
        return await _csc.CommandAsync(opened.Id, "answer", new { answer = "Hold the reset button for 10 s" });
    }

    static bool Lists(JsonArray list, string caseId) => list.Any(item => item!["caseId"]!.GetValue<string>() == caseId);

    [Fact]
    public async Task A_closed_case_waits_for_the_call_back_and_a_score_of_2_puts_it_on_the_follow_up_list_until_the_outcome_is_recorded()
    {
        var closed = await ClosedCaseAsync(await CustomerAsync());

        await _csc.EventuallyAsync<JsonArray>("/api/surveys/call-backs?region=north", list => Lists(list, closed.Id));
        await _csc.CommandAsync(closed.Id, "survey", new { score = 2, comment = "Took three calls to get an answer" });
        await _csc.EventuallyAsync<JsonArray>("/api/surveys/call-backs", list => !Lists(list, closed.Id));
        var followUps = await _csc.EventuallyAsync<JsonArray>("/api/surveys/follow-ups", list => Lists(list, closed.Id));
        var entry = followUps.Single(item => item!["caseId"]!.GetValue<string>() == closed.Id)!;

        using var recorded = await _csc.PostAsync($"/api/surveys/follow-ups/{closed.Id}/outcome", new { outcome = "Hotline staffing raised at shift change" });
        using var repeated = await _csc.PostAsync($"/api/surveys/follow-ups/{closed.Id}/outcome", new { outcome = "Hotline staffing raised at shift change" });
        using var other = await _csc.PostAsync($"/api/surveys/follow-ups/{closed.Id}/outcome", new { outcome = "Something else" });

        Assert.Equal(2, entry["survey"]!["score"]!.GetValue<int>());
        Assert.Equal("GX-800 access router", entry["model"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        await ApiClient.ProblemAsync(other, HttpStatusCode.Conflict);
        Assert.False(Lists(await _csc.GetAsync<JsonArray>("/api/surveys/follow-ups"), closed.Id));
    }

    [Fact]
    public async Task A_satisfied_survey_is_no_follow_up_and_an_open_or_unknown_case_has_none()
    {
        var closed = await ClosedCaseAsync(await CustomerAsync());
        await _csc.CommandAsync(closed.Id, "survey", new { score = 4 });
        var open = await _csc.OpenCaseAsync(region: "north");

        await ApiClient.ProblemAsync(await _csc.PostAsync($"/api/surveys/follow-ups/{closed.Id}/outcome", new { outcome = "o" }), HttpStatusCode.UnprocessableEntity);
        await ApiClient.ProblemAsync(await _csc.PostAsync($"/api/surveys/follow-ups/{open.Id}/outcome", new { outcome = "o" }), HttpStatusCode.Conflict);
        await ApiClient.ProblemAsync(await _csc.PostAsync("/api/surveys/follow-ups/01unknown0000000/outcome", new { outcome = "o" }), HttpStatusCode.NotFound);
        var problem = await ApiClient.ProblemAsync(await _csc.PostAsync($"/api/surveys/follow-ups/{closed.Id}/outcome", new { }), HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["outcome"]);
        await ApiClient.ProblemAsync(await _csc.Http.GetAsync("/api/surveys/call-backs?region=atlantis"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_quarters_follow_up_visits_draw_at_least_one_closed_case_per_region_the_same_way_each_time_and_record_outcomes()
    {
        var closed = await ClosedCaseAsync(await CustomerAsync());
        var path = $"/api/follow-up-visits?quarter={ThisQuarter}";

        var visits = await _csc.EventuallyAsync<JsonObject>(path, answer => answer["closedCases"]!.GetValue<int>() > 0
            && answer["visits"]!.AsArray().Any(v => v!["region"]!.GetValue<string>() == "north"));
        var again = await _csc.GetAsync<JsonObject>(path);
        var drawn = visits["visits"]!.AsArray().First(v => v!["region"]!.GetValue<string>() == "north")!["caseId"]!.GetValue<string>();
        var recorded = await _csc.PostAsync($"/api/follow-up-visits/{drawn}/outcome", new { outcome = "Visited: customer satisfied with the fix" });

        Assert.Equal(ThisQuarter, visits["quarter"]!.GetValue<string>());
        Assert.True(visits["visits"]!.AsArray().Count >= 1);
        Assert.NotEmpty(closed.Id);
        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        Assert.Equal("Visited: customer satisfied with the fix",
            (await _csc.GetAsync<JsonObject>(path))["visits"]!.AsArray().Single(v => v!["caseId"]!.GetValue<string>() == drawn)!["visit"]!["outcome"]!.GetValue<string>());
        Assert.Equal(visits["visits"]!.AsArray().Select(v => v!["caseId"]!.GetValue<string>()).Take(1),
            again["visits"]!.AsArray().Select(v => v!["caseId"]!.GetValue<string>()).Take(1));
    }

    [Theory]
    [InlineData("")]
    [InlineData("2026-Q5")]
    [InlineData("2026-03")]
    [InlineData("26-Q1")]
    public async Task A_bad_quarter_is_400(string quarter)
    {
        var problem = await ApiClient.ProblemAsync(await _csc.Http.GetAsync($"/api/follow-up-visits?quarter={quarter}"), HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["quarter"]);
    }

    [Fact]
    public async Task The_satisfaction_report_counts_each_survey_in_its_group_and_the_company_with_A_to_E_and_the_rate()
    {
        var customerId = await CustomerAsync();
        foreach (var score in new[] { 5, 4, 2 })
            await _csc.CommandAsync((await ClosedCaseAsync(customerId)).Id, "survey", new { score });
        var path = $"/api/reports/satisfaction?from={ThisMonth}&to={ThisMonth}&by=customer";

        var report = await _csc.EventuallyAsync<JsonObject>(path, r => r["groups"]!.AsArray().Any(g =>
            g!["key"]!.GetValue<string>() == customerId && g["surveys"]!.GetValue<int>() == 3));
        var group = report["groups"]!.AsArray().Single(g => g!["key"]!.GetValue<string>() == customerId)!;
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/csv");
        using var csv = await _csc.Http.SendAsync(request);
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(1, group["distribution"]!["A"]!.GetValue<int>());
        Assert.Equal(1, group["distribution"]!["B"]!.GetValue<int>());
        Assert.Equal(0, group["distribution"]!["C"]!.GetValue<int>());
        Assert.Equal(1, group["distribution"]!["D"]!.GetValue<int>());
        Assert.Equal(66.7, group["rate"]!.GetValue<double>());
        Assert.True(report["company"]!["surveys"]!.GetValue<int>() >= 3);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal("customer,surveys,A,B,C,D,E,ratePercent", lines[0]);
        Assert.Contains($"{customerId},3,1,1,0,1,0,66.7", lines);
        Assert.StartsWith("company,", lines[^1]);
    }

    [Theory]
    [InlineData("from=2026-01", "to")]
    [InlineData("to=2026-01", "from")]
    [InlineData("from=2026-13&to=2026-14", "from")]
    [InlineData("from=2026-05&to=2026-04", "to")]
    [InlineData("from=2026-01&to=2026-02&by=engineer", "by")]
    [InlineData("from=2000-01&to=2026-01", "to")]
    public async Task A_bad_satisfaction_report_request_is_400_on_the_field(string query, string field)
    {
        var problem = await ApiClient.ProblemAsync(await _csc.Http.GetAsync($"/api/reports/satisfaction?{query}"), HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]![field]);
    }
}
