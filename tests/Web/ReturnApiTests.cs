using System.Net;
using System.Net.Http.Json;
using ServiceGrid.Cases;
using ServiceGrid.Organization;
using ServiceGrid.Parts;

namespace ServiceGrid.Tests.Web;

/// <summary>The faulty part's loop over HTTP: taken back, repaired, inspected, back in HQ's store or scrapped.</summary>
[Collection(WebCollection.Name)]
public sealed class ReturnApiTests(WebFixture web)
{
    readonly ApiClient _api = web.Api();

    async Task<CaseView> OnSiteCaseAsync()
    {
        await web.Grains.GetGrain<IDepotGrain>("depot-hq").Register(new DepotProfile("HQ central store", "north", null), []);
        var opened = await _api.OpenCaseAsync(region: "north");
        await _api.CommandAsync(opened.Id, "claim", new { branchId = "beijing" });
        var engineerId = $"eng-beijing-r{Guid.NewGuid():N}"[..30];
        await web.Grains.GetGrain<IEngineerGrain>(engineerId).Register(new EngineerProfile("Test engineer", "beijing", "north", WebFixture.BeijingSite));
        await _api.CommandAsync(opened.Id, "dispatch", new { engineerId });
        await _api.CommandAsync(opened.Id, "respond", new { note = "On my way" });
        return await _api.CommandAsync(opened.Id, "arrive");
    }

    async Task<ReturnView> PostAsync(string path, object? body = null)
    {
        using var response = await _api.PostAsync(path, body ?? new { });
        if (!response.IsSuccessStatusCode) Assert.Fail($"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<ReturnView>(ApiClient.Json))!;
    }

    async Task<int> HqOnHandAsync(string sku) =>
        (await _api.GetAsync<StockLine[]>("/api/depots/depot-hq/stock")).SingleOrDefault(line => line.Sku == sku)?.OnHand ?? 0;

    [Fact]
    public async Task A_part_taken_back_repaired_and_passed_goes_back_into_depot_hq()
    {
        var onSite = await OnSiteCaseAsync();
        var sku = $"BOARD-{Guid.NewGuid():N}"[..20];

        using var created = await _api.PostAsync("/api/returns", new { caseId = onSite.Id, sku, serial = "PB-0001" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var received = (await created.Content.ReadFromJsonAsync<ReturnView>(ApiClient.Json))!;
        Assert.Equal($"/api/returns/{received.Id}", created.Headers.Location?.OriginalString);
        Assert.Equal((ReturnStatus.Received, "beijing"), (received.Status, received.BranchId));
        Assert.Equal(received.Id, (await PostAsync("/api/returns", new { caseId = onSite.Id, sku, serial = "PB-0001" })).Id);

        Assert.Equal(ReturnStatus.Repaired, (await PostAsync($"/api/returns/{received.Id}/repaired")).Status);
        var inspected = await PostAsync($"/api/returns/{received.Id}/inspected", new { passed = true });

        Assert.Equal((ReturnStatus.Restocked, "depot-hq"), (inspected.Status, inspected.RestockedTo));
        Assert.Equal(1, await HqOnHandAsync(sku));
        Assert.Equal(inspected, await _api.GetAsync<ReturnView>($"/api/returns/{received.Id}"));
    }

    [Fact]
    public async Task A_part_that_fails_inspection_is_scrapped()
    {
        var onSite = await OnSiteCaseAsync();
        var sku = $"FAN-{Guid.NewGuid():N}"[..20];
        var received = await PostAsync("/api/returns", new { caseId = onSite.Id, sku, serial = "F-9" });
        await PostAsync($"/api/returns/{received.Id}/repaired");

        var inspected = await PostAsync($"/api/returns/{received.Id}/inspected", new { passed = false });

        Assert.Equal(ReturnStatus.Scrapped, inspected.Status);
        Assert.Equal(0, await HqOnHandAsync(sku));
    }

    [Fact]
    public async Task Steps_in_the_wrong_order_are_409_unknown_returns_and_cases_404_and_bad_fields_400()
    {
        var onSite = await OnSiteCaseAsync();
        var received = await PostAsync("/api/returns", new { caseId = onSite.Id, sku = "PUMP-01", serial = "P-1" });

        await ApiClient.ProblemAsync(await _api.PostAsync($"/api/returns/{received.Id}/inspected", new { passed = true }), HttpStatusCode.Conflict);
        await PostAsync($"/api/returns/{received.Id}/repaired");
        await ApiClient.ProblemAsync(await _api.PostAsync($"/api/returns/{received.Id}/repaired", new { }), HttpStatusCode.Conflict);
        await ApiClient.ProblemAsync(await _api.PostAsync($"/api/returns/{received.Id}/inspected", new { }), HttpStatusCode.BadRequest);

        await ApiClient.ProblemAsync(await _api.Http.GetAsync("/api/returns/ret-unknown"), HttpStatusCode.NotFound);
        await ApiClient.ProblemAsync(await _api.PostAsync("/api/returns/ret-unknown/repaired", new { }), HttpStatusCode.NotFound);
        await ApiClient.ProblemAsync(await _api.PostAsync("/api/returns", new { caseId = "no-such-case", sku = "PUMP-01", serial = "P-1" }), HttpStatusCode.NotFound);
        var open = await _api.OpenCaseAsync(region: "north");
        await ApiClient.ProblemAsync(await _api.PostAsync("/api/returns", new { caseId = open.Id, sku = "PUMP-01", serial = "P-1" }), HttpStatusCode.Conflict);
        var invalid = await ApiClient.ProblemAsync(await _api.PostAsync("/api/returns", new { caseId = open.Id }), HttpStatusCode.BadRequest);
        Assert.Equal(["serial", "sku"], invalid["errors"]!.AsObject().Select(e => e.Key).Order());
    }
}
