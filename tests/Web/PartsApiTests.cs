using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ServiceGrid.Cases;
using ServiceGrid.Events;
using ServiceGrid.Organization;
using ServiceGrid.Parts;

namespace ServiceGrid.Tests.Web;

/// <summary>API.md "parts": reservations, transfers and reorder points over HTTP, with their errors.</summary>
[Collection(WebCollection.Name)]
public sealed class PartsApiTests(WebFixture web)
{
    readonly ApiClient _api = web.Api();

    /// <summary>A depot of its own for each test, so tests never share stock.</summary>
    async Task<string> DepotAsync(string branchId, params StockLine[] stock)
    {
        var id = $"depot-{branchId}-{Guid.NewGuid():N}"[..40];
        await web.Grains.GetGrain<IDepotGrain>(id).Register(new DepotProfile($"Test depot {branchId}", branchId == "shanghai" ? "east" : "north", branchId), [.. stock]);
        return id;
    }

    /// <summary>A north case claimed by beijing and dispatched to an engineer of its own.</summary>
    async Task<CaseView> DispatchedCaseAsync()
    {
        var opened = await _api.OpenCaseAsync(region: "north");
        await _api.CommandAsync(opened.Id, "claim", new { branchId = "beijing" });
        var engineerId = $"eng-beijing-t{Guid.NewGuid():N}"[..30];
        await web.Grains.GetGrain<IEngineerGrain>(engineerId).Register(new EngineerProfile("Test engineer", "beijing", "north", WebFixture.BeijingSite));
        return await _api.CommandAsync(opened.Id, "dispatch", new { engineerId });
    }

    async Task<StockLine> LineAsync(string depotId, string sku) =>
        (await _api.GetAsync<StockLine[]>($"/api/depots/{depotId}/stock")).Single(line => line.Sku == sku);

    [Fact]
    public async Task A_reservation_answers_201_holds_the_stock_and_a_retry_reserves_nothing_more()
    {
        var depotId = await DepotAsync("beijing", new StockLine("PUMP-01", 3, 0));
        var opened = await DispatchedCaseAsync();

        using var first = await _api.PostAsync($"/api/depots/{depotId}/reservations", new { caseId = opened.Id, sku = "PUMP-01", qty = 2 });
        using var retry = await _api.PostAsync($"/api/depots/{depotId}/reservations", new { caseId = opened.Id, sku = "PUMP-01", qty = 2 });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        var reservation = (await first.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal((opened.Id, "PUMP-01", 2), (reservation["caseId"]!.GetValue<string>(), reservation["sku"]!.GetValue<string>(), reservation["qty"]!.GetValue<int>()));
        Assert.Equal(new StockLine("PUMP-01", 3, 2), await LineAsync(depotId, "PUMP-01"));
    }

    [Fact]
    public async Task A_reservation_beyond_the_available_stock_is_409_and_unknown_depots_or_cases_are_404()
    {
        var depotId = await DepotAsync("beijing", new StockLine("PUMP-01", 3, 1));
        var opened = await DispatchedCaseAsync();

        var conflict = await ApiClient.ProblemAsync(
            await _api.PostAsync($"/api/depots/{depotId}/reservations", new { caseId = opened.Id, sku = "PUMP-01", qty = 3 }), HttpStatusCode.Conflict);
        Assert.Contains("2 of 'PUMP-01' available", conflict["detail"]!.GetValue<string>());
        await ApiClient.ProblemAsync(await _api.PostAsync("/api/depots/depot-nowhere/reservations", new { caseId = opened.Id, sku = "PUMP-01", qty = 1 }), HttpStatusCode.NotFound);
        await ApiClient.ProblemAsync(await _api.PostAsync($"/api/depots/{depotId}/reservations", new { caseId = "no-such-case", sku = "PUMP-01", qty = 1 }), HttpStatusCode.NotFound);
        var invalid = await ApiClient.ProblemAsync(await _api.PostAsync($"/api/depots/{depotId}/reservations", new { sku = "", qty = 0 }), HttpStatusCode.BadRequest);
        Assert.Equal(["caseId", "qty", "sku"], invalid["errors"]!.AsObject().Select(e => e.Key).Order());
    }

    [Fact]
    public async Task A_case_resolves_with_the_parts_it_reserved_and_its_leftover_reservation_is_released()
    {
        var depotId = await DepotAsync("beijing", new StockLine("PUMP-01", 2, 0), new StockLine("SEAL-02", 1, 0));
        var opened = await DispatchedCaseAsync();
        foreach (var (sku, qty) in new[] { ("PUMP-01", 2), ("SEAL-02", 1) })
            Assert.Equal(HttpStatusCode.Created, (await _api.PostAsync($"/api/depots/{depotId}/reservations", new { caseId = opened.Id, sku, qty })).StatusCode);
        await _api.CommandAsync(opened.Id, "respond", new { note = "On my way" });
        await _api.CommandAsync(opened.Id, "arrive");

        var resolved = await _api.CommandAsync(opened.Id, "resolve", new
        {
            summary = "Replaced both pumps",
            partsUsed = new[] { new { depotId, sku = "PUMP-01", qty = 2 } },
        });

        Assert.Equal(CaseState.Resolved, resolved.State);
        Assert.Equal(new StockLine("PUMP-01", 0, 0), await LineAsync(depotId, "PUMP-01"));
        Assert.Equal(new StockLine("SEAL-02", 1, 0), await LineAsync(depotId, "SEAL-02"));
        await ApiClient.ProblemAsync(
            await _api.PostAsync($"/api/depots/{depotId}/reservations", new { caseId = opened.Id, sku = "SEAL-02", qty = 1 }), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_transfer_answers_201_and_a_retry_with_the_same_idempotency_key_moves_nothing_more()
    {
        var hq = await DepotAsync("beijing", new StockLine("PUMP-01", 40, 0));
        var branch = await DepotAsync("shanghai", new StockLine("PUMP-01", 1, 0));
        var key = Guid.NewGuid().ToString();
        var body = new { fromDepotId = hq, toDepotId = branch, sku = "PUMP-01", qty = 10 };

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(async _ =>
        {
            using var response = await _api.PostAsync("/api/depots/transfers", body, key);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<TransferView>(ApiClient.Json))!;
        }));

        var transfer = Assert.Single(answers.DistinctBy(a => a.Id));
        Assert.Equal((hq, branch, 10), (transfer.FromDepotId, transfer.ToDepotId, transfer.Qty));
        Assert.Equal(30, (await LineAsync(hq, "PUMP-01")).OnHand);
        await _api.EventuallyAsync<StockLine[]>($"/api/depots/{branch}/stock", lines => lines.Single().OnHand == 11);

        using var another = await _api.PostAsync("/api/depots/transfers", body);
        Assert.Equal(HttpStatusCode.Created, another.StatusCode);
        Assert.Equal(20, (await LineAsync(hq, "PUMP-01")).OnHand);
        await _api.EventuallyAsync<StockLine[]>($"/api/depots/{branch}/stock", lines => lines.Single().OnHand == 21);
    }

    [Fact]
    public async Task A_transfer_that_is_short_is_409_an_unknown_depot_404_and_bad_fields_400()
    {
        var hq = await DepotAsync("beijing", new StockLine("PUMP-01", 2, 0));
        var branch = await DepotAsync("shanghai");

        await ApiClient.ProblemAsync(await _api.PostAsync("/api/depots/transfers", new { fromDepotId = hq, toDepotId = branch, sku = "PUMP-01", qty = 3 }), HttpStatusCode.Conflict);
        await ApiClient.ProblemAsync(await _api.PostAsync("/api/depots/transfers", new { fromDepotId = hq, toDepotId = "depot-nowhere", sku = "PUMP-01", qty = 1 }), HttpStatusCode.NotFound);
        await ApiClient.ProblemAsync(await _api.PostAsync("/api/depots/transfers", new { fromDepotId = "depot-nowhere", toDepotId = hq, sku = "PUMP-01", qty = 1 }), HttpStatusCode.NotFound);
        var same = await ApiClient.ProblemAsync(await _api.PostAsync("/api/depots/transfers", new { fromDepotId = hq, toDepotId = hq, sku = "PUMP-01", qty = 1 }), HttpStatusCode.BadRequest);
        Assert.NotNull(same["errors"]!["toDepotId"]);
        var invalid = await ApiClient.ProblemAsync(await _api.PostAsync("/api/depots/transfers", new { fromDepotId = hq, qty = -1 }), HttpStatusCode.BadRequest);
        Assert.Equal(["qty", "sku", "toDepotId"], invalid["errors"]!.AsObject().Select(e => e.Key).Order());
        Assert.Equal(2, (await LineAsync(hq, "PUMP-01")).OnHand);
    }

    [Fact]
    public async Task Setting_a_reorder_point_above_the_stock_raises_one_stockLow_alert_and_bad_levels_are_400()
    {
        var depotId = await DepotAsync("beijing", new StockLine("PUMP-01", 4, 0));

        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/depots/{depotId}/reorder-points/PUMP-01") { Content = JsonContent.Create(new { level = 5 }) };
        using var response = await _api.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(5, (await response.Content.ReadFromJsonAsync<ReorderPointView>(ApiClient.Json))!.Level);
        var alerts = await _api.EventuallyAsync<Alert[]>("/api/alerts", list => list.Any(a => a.Id.StartsWith(depotId + ":", StringComparison.Ordinal)));
        var alert = Assert.Single(alerts, a => a.Id.StartsWith(depotId + ":", StringComparison.Ordinal));
        Assert.Equal(AlertType.StockLow, alert.Type);
        var json = await _api.Http.GetStringAsync("/api/alerts");
        Assert.Contains("\"stockLow\"", json);

        using var negative = new HttpRequestMessage(HttpMethod.Put, $"/api/depots/{depotId}/reorder-points/PUMP-01") { Content = JsonContent.Create(new { level = -1 }) };
        await ApiClient.ProblemAsync(await _api.Http.SendAsync(negative), HttpStatusCode.BadRequest);
        using var unknown = new HttpRequestMessage(HttpMethod.Put, $"/api/depots/{depotId}/reorder-points/NOPE") { Content = JsonContent.Create(new { level = 1 }) };
        await ApiClient.ProblemAsync(await _api.Http.SendAsync(unknown), HttpStatusCode.NotFound);
    }
}
