using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using ServiceGrid.Cases;
using ServiceGrid.Organization;
using ServiceGrid.Tests.Web;

namespace ServiceGrid.Tests.Board;

/// <summary>
/// Issue 15 on the pages, in headless Chromium: the server's recommended engineers on the branch page (one click
/// dispatches), at HQ (every branch for an escalated case) and on the board's map, and availability as the branch sees
/// it. The east region's engineers, which the other board tests leave alone.
/// </summary>
[Collection(BoardCollection.Name)]
public sealed class DispatchPageTests(BoardWebFixture web) : IAsyncLifetime
{
    static readonly GeoPoint NearShanghai = new(31.25, 121.40);
    static readonly PageWaitForSelectorOptions Soon = new() { Timeout = 10_000 };

    readonly BoardBrowser _browser = new();
    readonly ApiClient _api = web.Api();

    public Task InitializeAsync() => _browser.InitializeAsync();
    public Task DisposeAsync() => _browser.DisposeAsync();

    [Fact]
    public async Task The_branch_page_shows_candidates_with_reasons_and_one_click_dispatches_to_the_first()
    {
        var opened = await _api.OpenCaseAsync(Severity.P3, region: "east", site: NearShanghai);
        await _api.CommandAsync(opened.Id, "claim", new { branchId = "shanghai" });
        var page = await _browser.OpenAsync(web.BaseUrl + "/branch/shanghai", "branch-shanghai");
        var row = $"#own li[data-case-id='{opened.Id}']";

        await page.WaitForSelectorAsync($"{row} li.candidate .reasons li", Soon);
        var first = await page.GetAttributeAsync($"{row} li.candidate", "data-engineer-id");
        Assert.StartsWith("eng-shanghai-", first);
        Assert.Contains("km", await page.InnerTextAsync($"{row} li.candidate .reasons"));
        await page.ClickAsync($"{row} li.candidate button[data-dispatch]");

        var dispatched = await _api.EventuallyAsync<CaseView>($"/api/cases/{opened.Id}", c => c.EngineerId is not null);
        Assert.Equal((CaseState.Dispatched, first), (dispatched.State, dispatched.EngineerId));
        await page.WaitForSelectorAsync($"{row} li.candidate", new PageWaitForSelectorOptions { State = WaitForSelectorState.Detached, Timeout = 10_000 });
        Assert.Empty(_browser.Errors);
    }

    [Fact]
    public async Task HQ_reassign_offers_engineers_of_more_than_one_branch_for_an_escalated_case()
    {
        var opened = await _api.OpenCaseAsync(Severity.P1, region: "east", site: NearShanghai);
        await _api.CommandAsync(opened.Id, "escalate", new { reason = "needs a senior expert" });
        var hq = await _browser.OpenAsync(web.BaseUrl + "/hq");
        await hq.WaitForSelectorAsync($"#engineer-{opened.Id}", Soon);

        await hq.FocusAsync($"#engineer-{opened.Id}");
        await hq.WaitForFunctionAsync(
            "id => new Set([...document.querySelectorAll(`#engineer-${id} option[data-branch]`)].map(o => o.dataset.branch)).size > 1",
            opened.Id, new PageWaitForFunctionOptions { Timeout = 10_000 });

        var branches = await hq.EvalOnSelectorAllAsync<string[]>($"#engineer-{opened.Id} option[data-branch]", "options => options.map(o => o.dataset.branch)");
        Assert.True(branches.Distinct().Count() > 1, string.Join(", ", branches));
        Assert.Empty(_browser.Errors);
    }

    [Fact]
    public async Task The_board_draws_the_selected_cases_candidates_on_the_map_and_marks_a_case_nobody_reaches_in_time()
    {
        var board = await _browser.OpenAsync(web.BaseUrl + "/");
        var opened = await _api.OpenCaseAsync(Severity.P2, region: "east", site: new GeoPoint(30.30, 120.20));
        // Thousands of kilometres from every engineer of the region: nobody is on site before a P1's deadline.
        var remote = await _api.OpenCaseAsync(Severity.P1, region: "east", site: new GeoPoint(43.8, 87.6));

        await board.ClickAsync($"#case-list li[data-case-id='{opened.Id}']");
        await board.WaitForSelectorAsync(".candidate-marker", Soon);

        var drawn = await board.EvalOnSelectorAllAsync<string[]>(".candidate-marker", "markers => markers.map(m => m.dataset.engineerId)");
        var recommended = await _api.GetAsync<CandidateList>($"/api/cases/{opened.Id}/candidates?limit=50");
        Assert.NotEmpty(drawn);
        Assert.All(drawn, id => Assert.Contains(id, recommended.Items.Select(c => c.EngineerId)));
        await board.WaitForSelectorAsync($".case-marker.at-dispatch-risk[data-case-id='{remote.Id}']", Soon);
        await board.WaitForSelectorAsync($"#case-list li.at-dispatch-risk[data-case-id='{remote.Id}']", Soon);
        Assert.Equal(0, await board.Locator($".case-marker.at-dispatch-risk[data-case-id='{opened.Id}']").CountAsync());
        Assert.Empty(_browser.Errors);
    }

    [Fact]
    public async Task An_engineer_set_unavailable_shows_on_the_branch_page_with_the_reason()
    {
        const string engineer = "eng-hangzhou-2";
        var page = await _browser.OpenAsync(web.BaseUrl + "/branch/hangzhou", "branch-hangzhou");
        var row = $"#engineers tr[data-engineer-id='{engineer}']";
        await page.WaitForSelectorAsync(row, Soon);

        await SetAvailabilityAsync(engineer, new { status = "unavailable", reason = "vehicle breakdown", until = "2030-01-01T08:00:00Z" });
        try
        {
            await page.WaitForSelectorAsync($"{row}.engineer-unavailable", Soon);
            Assert.Contains("vehicle breakdown", await page.InnerTextAsync($"{row} .availability"));
        }
        finally
        {
            await SetAvailabilityAsync(engineer, new { status = "available" });
        }
        // Available again, or busy when another test of the region left a job with them.
        await page.WaitForSelectorAsync($"{row}:not(.engineer-unavailable) .availability:text-is('available')", Soon);
        Assert.Empty(_browser.Errors);
    }

    [Fact]
    public async Task The_branch_page_shows_the_dispatch_policy_and_switches_it()
    {
        var page = await _browser.OpenAsync(web.BaseUrl + "/branch/hangzhou", "branch-hangzhou");
        await page.WaitForFunctionAsync("() => document.getElementById('dispatch-mode').value === 'suggest'", null, new PageWaitForFunctionOptions { Timeout = 10_000 });

        await page.SelectOptionAsync("#dispatch-mode", "off");
        try
        {
            await _api.EventuallyAsync<DispatchPolicyView>("/api/branches/hangzhou/dispatch-policy", p => p.Mode == DispatchMode.Off);
            await page.GetByText("Dispatch policy: off").WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        }
        finally
        {
            await page.SelectOptionAsync("#dispatch-mode", "suggest");
            await _api.EventuallyAsync<DispatchPolicyView>("/api/branches/hangzhou/dispatch-policy", p => p.Mode == DispatchMode.Suggest);
        }
        Assert.Empty(_browser.Errors);
    }

    [Fact]
    public async Task A_proposal_made_when_an_engineer_drops_out_is_accepted_with_one_click_on_the_branch_page()
    {
        const string leaving = "eng-hangzhou-1";
        var opened = await _api.OpenCaseAsync(Severity.P2, region: "east", site: new GeoPoint(30.28, 120.16));
        await _api.CommandAsync(opened.Id, "claim", new { branchId = "hangzhou" });
        await _api.CommandAsync(opened.Id, "dispatch", new { engineerId = leaving });
        var page = await _browser.OpenAsync(web.BaseUrl + "/branch/hangzhou", "branch-hangzhou");
        var accept = $"#proposals button[data-accept='{opened.Id}']";

        await SetAvailabilityAsync(leaving, new { status = "unavailable", reason = "sick" });
        try
        {
            await page.WaitForSelectorAsync(accept, Soon);
            var proposed = await page.GetAttributeAsync(accept, "data-engineer");
            await page.ClickAsync(accept);

            var moved = await _api.EventuallyAsync<CaseView>($"/api/cases/{opened.Id}", c => c.EngineerId != leaving);
            Assert.Equal(proposed, moved.EngineerId);
            await page.WaitForSelectorAsync(accept, new PageWaitForSelectorOptions { State = WaitForSelectorState.Detached, Timeout = 10_000 });
        }
        finally
        {
            await SetAvailabilityAsync(leaving, new { status = "available" });
        }
        Assert.Empty(_browser.Errors);
    }

    async Task SetAvailabilityAsync(string engineerId, object body)
    {
        using var response = await _api.Http.PutAsJsonAsync($"/api/engineers/{engineerId}/availability", body, ApiClient.Json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
