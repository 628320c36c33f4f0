using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ServiceGrid.Cases;

namespace ServiceGrid.Tests.Web;

[Collection(WebCollection.Name)]
public sealed class CaseApiTests(WebFixture web)
{
    readonly ApiClient _api = web.Api();

    [Fact]
    public async Task Opening_a_case_answers_201_with_its_location_in_the_region_pool_at_tier_2()
    {
        using var response = await _api.PostAsync("/api/cases", ApiClient.OpenBody(Severity.P2, site: WebFixture.ShanghaiSite));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var opened = (await response.Content.ReadFromJsonAsync<CaseView>(ApiClient.Json))!;
        Assert.Equal($"/api/cases/{opened.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(("east", CaseState.Open, Tiers.Branch), (opened.Region, opened.State, opened.Tier));
        Assert.Null(opened.BranchId);
        Assert.Equal(opened.OpenedAt + TimeSpan.FromHours(1), opened.Sla.Response.DueAt);
        Assert.Equal(MilestoneStatus.Pending, opened.Sla.Resolution.Status);
        var entry = Assert.Single(opened.Timeline);
        Assert.Equal(("opened", "hq"), (entry.Type, entry.Actor));
        var fetched = await _api.GetAsync<CaseView>($"/api/cases/{opened.Id}");
        Assert.Equal(JsonSerializer.Serialize(opened, ApiClient.Json), JsonSerializer.Serialize(fetched, ApiClient.Json));
    }

    [Fact]
    public async Task Case_ids_are_short_url_safe_and_sortable_by_creation_time()
    {
        var first = await _api.OpenCaseAsync(region: "north");
        await Task.Delay(5);
        var second = await _api.OpenCaseAsync(region: "north");

        Assert.Matches("^[0-9a-z]{16}$", first.Id);
        Assert.True(string.CompareOrdinal(first.Id, second.Id) < 0, $"{first.Id} should sort before {second.Id}");
    }

    [Fact]
    public async Task The_region_field_wins_over_the_site_coordinates()
    {
        var opened = await _api.OpenCaseAsync(region: "east", site: WebFixture.BeijingSite);
        Assert.Equal("east", opened.Region);
    }

    [Fact]
    public async Task Concurrent_retries_with_one_idempotency_key_open_one_case()
    {
        var key = Guid.NewGuid().ToString();
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            using var response = await _api.PostAsync("/api/cases", ApiClient.OpenBody(region: "north"), key);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<CaseView>(ApiClient.Json))!;
        }));

        var id = Assert.Single(answers.Select(a => a.Id).Distinct());
        var listed = await _api.EventuallyAsync<CaseListAnswer>("/api/cases?region=north&pageSize=200", page => page.Items.Any(c => c.Id == id));
        Assert.Single(listed.Items, c => c.Title == answers[0].Title && c.Id == id);
    }

    [Fact]
    public async Task Reusing_an_idempotency_key_for_a_different_request_is_refused()
    {
        var key = Guid.NewGuid().ToString();
        await _api.OpenCaseAsync(region: "north", idempotencyKey: key);

        using var response = await _api.PostAsync("/api/cases", ApiClient.OpenBody(Severity.P5, region: "north"), key);

        await ApiClient.ProblemAsync(response, HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task An_unknown_customer_is_404_and_leaves_the_idempotency_key_free_for_the_corrected_request()
    {
        var key = Guid.NewGuid().ToString();
        var unknown = new { customerId = "cust-nobody", kind = "service", severity = "P3", channel = "email", title = "t", description = "d", region = "north" };

        await ApiClient.ProblemAsync(await _api.PostAsync("/api/cases", unknown, key), HttpStatusCode.NotFound);
        var opened = await _api.OpenCaseAsync(region: "north", idempotencyKey: key);

        Assert.Equal(CaseState.Open, opened.State);
    }

    [Fact]
    public async Task An_unknown_region_is_a_bad_request_naming_the_field()
    {
        var body = new { customerId = WebFixture.Customer, kind = "service", severity = "P3", channel = "email", title = "t", description = "d", region = "atlantis" };

        var problem = await ApiClient.ProblemAsync(await _api.PostAsync("/api/cases", body), HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]!["region"]);
    }

    [Fact]
    public async Task A_case_goes_from_open_to_closed_and_surveyed_with_every_milestone_met()
    {
        var opened = await _api.OpenCaseAsync(Severity.P1, site: WebFixture.BeijingSite);

        var claimed = await _api.CommandAsync(opened.Id, "claim", new { branchId = "beijing" });
        Assert.Equal((CaseState.Claimed, "beijing", Tiers.Branch), (claimed.State, claimed.BranchId, claimed.Tier));
        var engineerId = await FreeEngineerAsync();
        var dispatched = await _api.CommandAsync(opened.Id, "dispatch", new { engineerId });
        Assert.Equal((CaseState.Dispatched, engineerId, Tiers.MaintenanceGroup), (dispatched.State, dispatched.EngineerId, dispatched.Tier));
        var responded = await _api.CommandAsync(opened.Id, "respond", new { note = "Called the operator; leaving now." });
        Assert.Equal(MilestoneStatus.Met, responded.Sla.Response.Status);
        var arrived = await _api.CommandAsync(opened.Id, "arrive");
        Assert.Equal((CaseState.OnSite, MilestoneStatus.Met), (arrived.State, arrived.Sla.Onsite.Status));
        var resolved = await _api.CommandAsync(opened.Id, "resolve", new
        {
            summary = "Replaced the spindle bearing seal.",
            faultReport = new { diagnosis = "Vibration at 8000 rpm", rootCause = "Worn seal", actions = "Replaced seal", result = "Runs smoothly" },
            partsUsed = new[] { new { depotId = "depot-beijing", sku = "SEAL-02", qty = 1 } },
        });
        Assert.Equal((CaseState.Resolved, MilestoneStatus.Met), (resolved.State, resolved.Sla.Resolution.Status));
        var closed = await _api.CommandAsync(opened.Id, "close");
        var surveyed = await _api.CommandAsync(opened.Id, "survey", new { score = 5, comment = "Fast and friendly." });

        Assert.Equal(CaseState.Closed, closed.State);
        Assert.Equal(5, surveyed.Survey?.Score);
        Assert.Equal(["opened", "claimed", "dispatched", "responded", "arrived", "resolved", "closed", "surveyed"],
            surveyed.Timeline.Select(e => e.Type));
        var engineer = await _api.GetAsync<Organization.EngineerView>($"/api/engineers/{engineerId}");
        Assert.Equal((Organization.EngineerStatus.Available, null), (engineer.Status, engineer.CurrentCaseId));
    }

    [Fact]
    public async Task A_second_claim_is_a_conflict_naming_the_holder_and_another_region_is_forbidden()
    {
        var opened = await _api.OpenCaseAsync(region: "north");
        await _api.CommandAsync(opened.Id, "claim", new { branchId = "tianjin" });

        var second = await ApiClient.ProblemAsync(await _api.PostAsync($"/api/cases/{opened.Id}/claim", new { branchId = "beijing" }), HttpStatusCode.Conflict);
        Assert.Contains("tianjin", second["detail"]!.GetValue<string>());

        var other = await _api.OpenCaseAsync(region: "north");
        await ApiClient.ProblemAsync(await _api.PostAsync($"/api/cases/{other.Id}/claim", new { branchId = "shanghai" }), HttpStatusCode.Forbidden);
        await ApiClient.ProblemAsync(await _api.PostAsync($"/api/cases/{other.Id}/claim", new { branchId = "atlantis" }), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("dispatch", """{"engineerId":"eng-beijing-1"}""")]
    [InlineData("respond", """{"note":"on my way"}""")]
    [InlineData("arrive", "{}")]
    [InlineData("resolve", """{"summary":"fixed"}""")]
    [InlineData("close", "{}")]
    public async Task A_step_the_state_does_not_allow_is_a_conflict_that_names_the_state(string command, string body)
    {
        var opened = await _api.OpenCaseAsync(region: "north");

        using var response = await _api.Http.PostAsync($"/api/cases/{opened.Id}/{command}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await ApiClient.ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("'open'", problem["detail"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("claim", """{"branchId":"beijing"}""")]
    [InlineData("dispatch", """{"engineerId":"eng-beijing-1"}""")]
    [InlineData("respond", """{"note":"n"}""")]
    [InlineData("arrive", "{}")]
    [InlineData("resolve", """{"summary":"s"}""")]
    [InlineData("close", "{}")]
    [InlineData("escalate", """{"reason":"r"}""")]
    [InlineData("reassign", """{"branchId":"beijing"}""")]
    [InlineData("survey", """{"score":3}""")]
    [InlineData("cancel", """{"reason":"r"}""")]
    [InlineData("pause", """{"reason":"r"}""")]
    [InlineData("resume", """{"reason":"r"}""")]
    public async Task Every_command_on_an_unknown_case_is_404(string command, string body)
    {
        using var response = await _api.Http.PostAsync($"/api/cases/01unknown0000000/{command}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await ApiClient.ProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_P1_case_cannot_be_resolved_without_a_fault_report()
    {
        var id = await WorkedToOnSiteAsync(Severity.P1);

        await ApiClient.ProblemAsync(await _api.PostAsync($"/api/cases/{id}/resolve", new { summary = "fixed" }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(CaseState.OnSite, (await _api.GetAsync<CaseView>($"/api/cases/{id}")).State);
    }

    [Fact]
    public async Task Resolving_with_more_parts_than_the_depot_holds_is_a_conflict_and_changes_nothing()
    {
        var id = await WorkedToOnSiteAsync(Severity.P3);
        var stockBefore = await _api.GetAsync<Organization.StockLine[]>("/api/depots/depot-beijing/stock");

        using var response = await _api.PostAsync($"/api/cases/{id}/resolve", new
        {
            summary = "Replaced pump and seals",
            partsUsed = new[] { new { depotId = "depot-beijing", sku = "SEAL-02", qty = 1 }, new { depotId = "depot-beijing", sku = "PUMP-01", qty = 500 } },
        });

        await ApiClient.ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal(CaseState.OnSite, (await _api.GetAsync<CaseView>($"/api/cases/{id}")).State);
        Assert.Equal(stockBefore, await _api.GetAsync<Organization.StockLine[]>("/api/depots/depot-beijing/stock"));
    }

    [Fact]
    public async Task A_remote_fix_from_responded_makes_the_onsite_milestone_not_applicable()
    {
        var opened = await _api.OpenCaseAsync(Severity.P3, region: "north");
        await _api.CommandAsync(opened.Id, "claim", new { branchId = "beijing" });
        await _api.CommandAsync(opened.Id, "dispatch", new { engineerId = await FreeEngineerAsync() });
        await _api.CommandAsync(opened.Id, "respond", new { note = "Remote session started" });

        var resolved = await _api.CommandAsync(opened.Id, "resolve", new { summary = "Reset the controller parameters remotely." });

        Assert.Equal((CaseState.Resolved, MilestoneStatus.NotApplicable), (resolved.State, resolved.Sla.Onsite.Status));
    }

    [Fact]
    public async Task A_survey_is_refused_before_the_case_is_closed_and_taken_only_once()
    {
        var opened = await _api.OpenCaseAsync(region: "north");
        await ApiClient.ProblemAsync(await _api.PostAsync($"/api/cases/{opened.Id}/survey", new { score = 4 }), HttpStatusCode.UnprocessableEntity);

        var id = await WorkedToOnSiteAsync(Severity.P4);
        await _api.CommandAsync(id, "resolve", new { summary = "done" });
        await _api.CommandAsync(id, "close");
        await _api.CommandAsync(id, "survey", new { score = 4 });
        await ApiClient.ProblemAsync(await _api.PostAsync($"/api/cases/{id}/survey", new { score = 5 }), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Escalation_moves_one_tier_up_until_HQ_and_HQ_reassigns_across_regions()
    {
        var opened = await _api.OpenCaseAsync(region: "north");
        await _api.CommandAsync(opened.Id, "claim", new { branchId = "beijing" });
        await _api.CommandAsync(opened.Id, "dispatch", new { engineerId = await FreeEngineerAsync() });

        Assert.Equal(Tiers.Branch, (await _api.CommandAsync(opened.Id, "escalate", new { reason = "No parts locally" })).Tier);
        Assert.Equal(Tiers.Headquarters, (await _api.CommandAsync(opened.Id, "escalate", new { reason = "Customer is a key account" })).Tier);
        await ApiClient.ProblemAsync(await _api.PostAsync($"/api/cases/{opened.Id}/escalate", new { reason = "again" }), HttpStatusCode.Conflict);
        var inbox = await _api.EventuallyAsync<CaseView[]>("/api/escalations", cases => cases.Any(c => c.Id == opened.Id));
        Assert.All(inbox, c => Assert.Equal(Tiers.Headquarters, c.Tier));

        var reassigned = await _api.CommandAsync(opened.Id, "reassign", new { branchId = "shanghai", engineerId = "eng-shanghai-1" });

        Assert.Equal(("east", "shanghai", "eng-shanghai-1", CaseState.Dispatched), (reassigned.Region, reassigned.BranchId, reassigned.EngineerId, reassigned.State));
        Assert.Equal("north", reassigned.Timeline[^1].FromRegion);
        await ApiClient.ProblemAsync(await _api.PostAsync($"/api/cases/{opened.Id}/reassign", new { branchId = "beijing", engineerId = "eng-shanghai-2" }), HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Pause_moves_due_times_by_the_paused_span_and_cancel_ends_the_case()
    {
        var opened = await _api.OpenCaseAsync(region: "north");

        var paused = await _api.CommandAsync(opened.Id, "pause", new { reason = "Waiting for the customer to power down the line" });
        Assert.Equal(MilestoneStatus.Paused, paused.Sla.Response.Status);
        await ApiClient.ProblemAsync(await _api.PostAsync($"/api/cases/{opened.Id}/pause", new { reason = "again" }), HttpStatusCode.Conflict);
        await Task.Delay(50);
        var resumed = await _api.CommandAsync(opened.Id, "resume", new { reason = "Line is down" });
        Assert.True(resumed.Sla.Response.DueAt > opened.Sla.Response.DueAt);

        var cancelled = await _api.CommandAsync(opened.Id, "cancel", new { reason = "Duplicate of another case" });
        Assert.Equal(CaseState.Cancelled, cancelled.State);
        await ApiClient.ProblemAsync(await _api.PostAsync($"/api/cases/{opened.Id}/cancel", new { reason = "again" }), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_list_filters_by_region_state_and_severity_and_pages()
    {
        var p5 = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => _api.OpenCaseAsync(Severity.P5, region: "east")));
        var claimed = await _api.OpenCaseAsync(Severity.P5, region: "east");
        await _api.CommandAsync(claimed.Id, "claim", new { branchId = "hangzhou" });

        var open = await _api.EventuallyAsync<CaseListAnswer>("/api/cases?region=east&state=open&severity=P5&pageSize=200",
            page => p5.All(c => page.Items.Any(i => i.Id == c.Id)) && page.Items.All(i => i.Id != claimed.Id));
        Assert.All(open.Items, c => Assert.Equal((CaseState.Open, Severity.P5, "east"), (c.State, c.Severity, c.Region)));
        Assert.Equal(open.Total, open.Items.Length);

        var (firstPage, secondPage) = await StablePagesAsync("/api/cases?severity=P5&pageSize=2", minimumTotal: 4);
        Assert.Equal(2, firstPage.Items.Length);
        Assert.Empty(firstPage.Items.Select(c => c.Id).Intersect(secondPage.Items.Select(c => c.Id)));
        Assert.True(firstPage.Items[^1].OpenedAt >= secondPage.Items[0].OpenedAt);
    }

    /// <summary>
    /// Pages 1 and 2 of a list that nothing changed while they were read: other tests' cases reach the read models
    /// asynchronously, and one arriving between two page reads would shift the pages.
    /// </summary>
    async Task<(CaseListAnswer First, CaseListAnswer Second)> StablePagesAsync(string path, int minimumTotal)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var first = await _api.GetAsync<CaseListAnswer>($"{path}&page=1");
            var second = await _api.GetAsync<CaseListAnswer>($"{path}&page=2");
            var again = await _api.GetAsync<CaseListAnswer>($"{path}&page=1");
            if (first.Total >= minimumTotal && first.Total == second.Total && again.Total == first.Total
                && again.Items.Select(c => c.Id).SequenceEqual(first.Items.Select(c => c.Id)))
                return (first, second);
            if (DateTime.UtcNow > deadline) Assert.Fail($"GET {path} never held still with at least {minimumTotal} cases.");
            await Task.Delay(50);
        }
    }

    async Task<string> WorkedToOnSiteAsync(Severity severity)
    {
        var opened = await _api.OpenCaseAsync(severity, region: "north");
        await _api.CommandAsync(opened.Id, "claim", new { branchId = "beijing" });
        var engineer = await FreeEngineerAsync();
        await _api.CommandAsync(opened.Id, "dispatch", new { engineerId = engineer });
        await _api.CommandAsync(opened.Id, "respond", new { note = "On the way" });
        await _api.CommandAsync(opened.Id, "arrive");
        return opened.Id;
    }

    /// <summary>Tests share one cluster, so each takes an engineer of its own rather than one another test keeps busy.</summary>
    async Task<string> FreeEngineerAsync()
    {
        var id = $"eng-beijing-t{Guid.NewGuid():N}"[..24];
        await web.Grains.GetGrain<Organization.IEngineerGrain>(id)
            .Register(new Organization.EngineerProfile("Temporary engineer", "beijing", "north", new GeoPoint(39.9, 116.4)));
        return id;
    }
}

public sealed record CaseListAnswer(CaseView[] Items, int Total, int Page, int PageSize);
