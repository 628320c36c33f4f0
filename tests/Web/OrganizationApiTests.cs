using System.Net;
using System.Text.Json.Nodes;
using ServiceGrid.Cases;
using ServiceGrid.Events;
using ServiceGrid.Organization;

namespace ServiceGrid.Tests.Web;

[Collection(WebCollection.Name)]
public sealed class OrganizationApiTests(WebFixture web)
{
    readonly ApiClient _api = web.Api();

    [Fact]
    public async Task Regions_list_their_branches_and_count_the_open_cases_of_their_pool()
    {
        var opened = await _api.OpenCaseAsync(region: "north");

        var regions = await _api.EventuallyAsync<JsonArray>("/api/regions", list => Region(list, "north")["openCases"]!.GetValue<int>() >= 1);

        Assert.Equal(["north", "east"], regions.Select(r => r!["id"]!.GetValue<string>()));
        Assert.Equal(["beijing", "tianjin"], Region(regions, "north")["branches"]!.AsArray().Select(b => b!["id"]!.GetValue<string>()));
        var branches = await _api.GetAsync<JsonArray>("/api/branches");
        Assert.Equal(4, branches.Count);
        Assert.All(branches, b => Assert.NotNull(b!["location"]!["lat"]));
        Assert.NotNull(opened);
    }

    [Fact]
    public async Task A_branch_queue_holds_its_region_pool_and_its_own_cases_but_not_its_sister_branch_cases()
    {
        var pooled = await _api.OpenCaseAsync(region: "north");
        var mine = await _api.OpenCaseAsync(region: "north");
        var theirs = await _api.OpenCaseAsync(region: "north");
        await _api.CommandAsync(mine.Id, "claim", new { branchId = "beijing" });
        await _api.CommandAsync(theirs.Id, "claim", new { branchId = "tianjin" });

        var queue = await _api.EventuallyAsync<CaseView[]>("/api/branches/beijing/queue",
            cases => cases.Any(c => c.Id == mine.Id && c.State == CaseState.Claimed) && cases.Any(c => c.Id == pooled.Id)
                && cases.All(c => c.Id != theirs.Id));

        Assert.All(queue, c => Assert.True(c.State == CaseState.Open || c.BranchId == "beijing"));
        await ApiClient.ProblemAsync(await _api.Http.GetAsync("/api/branches/atlantis/queue"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Engineers_are_listed_with_status_and_location_and_filtered_by_branch()
    {
        var all = await _api.EventuallyAsync<EngineerView[]>("/api/engineers", list => list.Count(e => e.Id.StartsWith("eng-hangzhou-")) == 2);
        Assert.Contains(all, e => e.BranchId == "shanghai");

        var hangzhou = await _api.GetAsync<EngineerView[]>("/api/engineers?branchId=hangzhou");
        Assert.Equal(["eng-hangzhou-1", "eng-hangzhou-2"], hangzhou.Select(e => e.Id));
        Assert.All(hangzhou, e => Assert.Equal(EngineerStatus.Available, e.Status));

        var unknown = await ApiClient.ProblemAsync(await _api.Http.GetAsync("/api/engineers?branchId=atlantis"), HttpStatusCode.BadRequest);
        Assert.NotNull(unknown["errors"]!["branchId"]);
    }

    [Fact]
    public async Task An_engineer_reports_a_location_and_the_roster_follows()
    {
        using var moved = await _api.PostAsync("/api/engineers/eng-tianjin-2/location", new { lat = 39.2, lon = 117.3 });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);

        await _api.EventuallyAsync<EngineerView[]>("/api/engineers?branchId=tianjin",
            list => list.Any(e => e.Id == "eng-tianjin-2" && e.Location == new GeoPoint(39.2, 117.3)));
        var invalid = await ApiClient.ProblemAsync(await _api.PostAsync("/api/engineers/eng-tianjin-2/location", new { lat = 91, lon = 117.3 }), HttpStatusCode.BadRequest);
        Assert.NotNull(invalid["errors"]!["lat"]);
        await ApiClient.ProblemAsync(await _api.PostAsync("/api/engineers/eng-nobody/location", new { lat = 39, lon = 117 }), HttpStatusCode.NotFound);
        await ApiClient.ProblemAsync(await _api.Http.GetAsync("/api/engineers/eng-nobody"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Depot_stock_and_customers_are_served_and_unknown_ids_are_404()
    {
        var stock = await _api.GetAsync<StockLine[]>("/api/depots/depot-hangzhou/stock");
        Assert.Contains(new StockLine("PUMP-01", 5, 0), stock);
        var customer = await _api.GetAsync<CustomerView>($"/api/customers/{WebFixture.Customer}");
        Assert.Equal(WebFixture.Serial, Assert.Single(customer.Equipment).Serial);

        await ApiClient.ProblemAsync(await _api.Http.GetAsync("/api/depots/depot-atlantis/stock"), HttpStatusCode.NotFound);
        await ApiClient.ProblemAsync(await _api.Http.GetAsync("/api/customers/cust-nobody"), HttpStatusCode.NotFound);
        await ApiClient.ProblemAsync(await _api.Http.GetAsync("/api/cases/no%20such%20id"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Opening_a_P1_case_raises_a_major_case_alert_for_the_vice_president()
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var opened = await _api.OpenCaseAsync(Severity.P1, region: "east");

        var alerts = await _api.EventuallyAsync<Alert[]>($"/api/alerts?since={Uri.EscapeDataString(since.ToString("O"))}",
            list => list.Any(a => a.CaseId == opened.Id));

        var alert = Assert.Single(alerts, a => a.CaseId == opened.Id);
        Assert.Equal((AlertType.MajorCaseOpened, RecipientRole.VicePresident), (alert.Type, alert.RecipientRole));
        await ApiClient.ProblemAsync(await _api.Http.GetAsync("/api/alerts?since=yesterday"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Health_is_live_and_ready_when_the_silo_answers()
    {
        Assert.Equal(HttpStatusCode.OK, (await _api.Http.GetAsync("/health/live")).StatusCode);
        using var ready = await _api.Http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    static JsonNode Region(JsonArray regions, string id) => regions.Single(r => r!["id"]!.GetValue<string>() == id)!;
}
