using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using ServiceGrid.Board;
using ServiceGrid.Cases;
using ServiceGrid.Organization;
using ServiceGrid.Parts;
using ServiceGrid.Tests.Board;
using ServiceGrid.Tests.Web;

namespace ServiceGrid.Tests.Field;

/// <summary>The web on a real port for the engineer's app: positions reported every second.</summary>
public sealed class EngineerWebFixture : WebFixture
{
    public EngineerWebFixture()
    {
        Settings["ServiceGrid:Field:LocationInterval"] = "00:00:01";
        Port = FreePort();
        UseKestrel(Port);
    }

    public int Port { get; }
    public string BaseUrl => $"http://127.0.0.1:{Port}";
}

/// <summary>
/// Issue 16's app in Debian's Chromium at a phone's size (390×844, touch, geolocation granted and faked): live jobs,
/// a whole visit offline, a lost answer replayed, a job reassigned while offline, the position on the board.
/// Each test signs in as its own engineer, so that the tests share the web without sharing a job list.
/// </summary>
public sealed class EngineerAppTests(EngineerWebFixture web) : IClassFixture<EngineerWebFixture>, IAsyncLifetime
{
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    readonly BoardBrowser _browser = new();
    readonly ApiClient _hq = web.Api();

    public Task InitializeAsync() => _browser.InitializeAsync();
    public Task DisposeAsync() => _browser.DisposeAsync();

    [Fact]
    public async Task The_engineer_sees_a_newly_dispatched_job_without_reloading()
    {
        var (page, _) = await OpenAppAsync("eng-beijing-1");

        var caseId = await DispatchedCaseAsync("beijing", "eng-beijing-1", Severity.P2);

        await page.WaitForSelectorAsync($"#jobs li[data-case='{caseId}']", new() { Timeout = 5_000 });
        Assert.Contains("due in", await page.TextContentAsync($"#jobs li[data-case='{caseId}'] .countdown"));
        Assert.Empty(_browser.Errors);
    }

    [Fact]
    public async Task A_visit_done_offline_reaches_the_server_once_with_the_time_it_was_done()
    {
        var caseId = await DispatchedCaseAsync("beijing", "eng-beijing-2", Severity.P2, respond: true);
        var stockBefore = await OnHandAsync("depot-beijing", "PUMP-01");
        var (page, context) = await OpenAppAsync("eng-beijing-2");
        await OpenJobAsync(page, caseId);
        await page.EvaluateAsync("navigator.serviceWorker.ready.then(() => navigator.serviceWorker.controller !== null)");
        await page.WaitForFunctionAsync("() => navigator.serviceWorker.controller !== null");

        await context.SetOfflineAsync(true);
        var beforeArrive = DateTimeOffset.UtcNow;
        await page.ClickAsync(".actions button[data-action='arrive']");
        var afterArrive = DateTimeOffset.UtcNow;
        await FillSheetAsync(page, "part", new() { ["sku"] = "PUMP-01", ["qty"] = "1", ["serial"] = "PUMP-OLD-7" });
        await FillSheetAsync(page, "fault", new() { ["diagnosis"] = "Pump seized", ["rootCause"] = "Worn bearing", ["actions"] = "Pump replaced", ["result"] = "Runs quietly" });
        await FillSheetAsync(page, "report", new() { ["summary"] = "Replaced the coolant pump; tested for an hour." });
        await SignAsync(page, "Li Wei");
        await page.ClickAsync(".actions button[data-action='resolve']");
        await page.WaitForSelectorAsync("#outbox-count[data-count='4']");
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("#outbox-count[data-count='4']");
        Assert.Equal(CaseState.Responded, (await _hq.GetAsync<CaseView>($"/api/cases/{caseId}")).State);

        await context.SetOfflineAsync(false);
        await page.WaitForSelectorAsync("#outbox-count[data-count='0']", new() { Timeout = (float)Wait.TotalMilliseconds });

        var view = await _hq.GetAsync<CaseView>($"/api/cases/{caseId}");
        Assert.Equal(CaseState.Resolved, view.State);
        var arrived = Assert.Single(view.Timeline, e => e.Type == TimelineTypes.Arrived);
        Assert.InRange(arrived.OccurredAt!.Value, beforeArrive.AddSeconds(-1), afterArrive.AddSeconds(1));
        Assert.True(arrived.At > arrived.OccurredAt);
        Assert.Equal(arrived.OccurredAt, view.Sla.Onsite.MetAt);
        Assert.Equal(new PartLine("depot-beijing", "PUMP-01", 1), Assert.Single(view.Resolution!.PartsUsed));
        Assert.Equal(stockBefore - 1, await OnHandAsync("depot-beijing", "PUMP-01"));
        Assert.Equal("PUMP-01", (await _hq.GetAsync<ReturnView>($"/api/returns/{ReturnIds.For(caseId, "PUMP-OLD-7")}")).Sku);
        var signed = Assert.Single(view.Timeline, e => e.Type == TimelineTypes.Signed);
        Assert.Equal("Li Wei", signed.Note);
        using var image = await _hq.Http.GetAsync($"/api/cases/{caseId}/attachments/{signed.AttachmentId}");
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], (await image.Content.ReadAsByteArrayAsync())[..4]);
        Assert.DoesNotContain(_browser.Errors, e => !e.Contains("net::ERR_INTERNET_DISCONNECTED", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_same_queued_action_sent_twice_after_a_lost_answer_changes_the_case_once()
    {
        var caseId = await DispatchedCaseAsync("tianjin", "eng-tianjin-1", Severity.P3, respond: true);
        var (page, _) = await OpenAppAsync("eng-tianjin-1");
        await OpenJobAsync(page, caseId);
        var keys = new List<string>();
        await page.RouteAsync("**/api/cases/*/arrive", async route =>
        {
            lock (keys) keys.Add(route.Request.Headers["idempotency-key"]);
            if (keys.Count == 1)
            {
                // The server runs it; the phone never hears back.
                await route.FetchAsync();
                await route.AbortAsync("connectionreset");
            }
            else
            {
                await route.ContinueAsync();
            }
        });

        await page.ClickAsync(".actions button[data-action='arrive']");
        await page.WaitForSelectorAsync("#outbox-count[data-count='1']", new() { State = WaitForSelectorState.Attached, Timeout = (float)Wait.TotalMilliseconds });
        await page.EvaluateAsync("window.dispatchEvent(new Event('online'))");
        await page.WaitForSelectorAsync("#outbox-count[data-count='0']", new() { Timeout = (float)Wait.TotalMilliseconds });

        Assert.Equal(2, keys.Count);
        Assert.Equal(keys[0], keys[1]);
        var view = await _hq.GetAsync<CaseView>($"/api/cases/{caseId}");
        Assert.Single(view.Timeline, e => e.Type == TimelineTypes.Arrived);
        Assert.Equal(CaseState.OnSite, view.State);
    }

    [Fact]
    public async Task Actions_queued_on_a_job_reassigned_while_offline_are_shown_refused_with_the_reason()
    {
        var caseId = await DispatchedCaseAsync("hangzhou", "eng-hangzhou-1", Severity.P3, respond: true, region: "east");
        var (page, context) = await OpenAppAsync("eng-hangzhou-1");
        await OpenJobAsync(page, caseId);

        await context.SetOfflineAsync(true);
        await page.ClickAsync(".actions button[data-action='arrive']");
        await page.ClickAsync(".actions button[data-action='pause']");
        await page.WaitForSelectorAsync("#outbox-count[data-count='2']");
        await _hq.CommandAsync(caseId, "reassign", new { engineerId = "eng-hangzhou-2" });
        await context.SetOfflineAsync(false);

        var refused = await page.WaitForSelectorAsync($"#job-blocked li[data-case='{caseId}']", new() { Timeout = (float)Wait.TotalMilliseconds });
        var text = await refused!.TextContentAsync();
        Assert.Contains("arrive", text);
        Assert.Contains("may not", text);
        Assert.Contains("no longer assigned to you", text);
        Assert.Contains("1 later action(s) held", text);
        Assert.Equal("2", await page.GetAttributeAsync("#outbox-count", "data-count"));
        var view = await _hq.GetAsync<CaseView>($"/api/cases/{caseId}");
        Assert.DoesNotContain(view.Timeline, e => e.Type is TimelineTypes.Arrived or TimelineTypes.Paused);
    }

    [Fact]
    public async Task The_position_set_in_the_browser_moves_the_engineer_on_the_board()
    {
        var (_, context) = await OpenAppAsync("eng-shanghai-1", new Geolocation { Latitude = 31.30f, Longitude = 121.60f });

        await BoardShowsAsync("eng-shanghai-1", 31.30, 121.60);
        await context.SetGeolocationAsync(new Geolocation { Latitude = 31.10f, Longitude = 121.20f });
        await BoardShowsAsync("eng-shanghai-1", 31.10, 121.20);
    }

    [Fact]
    public async Task An_engineer_may_follow_their_own_branch_on_the_hub_and_no_other_scope()
    {
        var token = await web.TokenAsync("eng-tianjin-2");
        await using var hub = new HubConnectionBuilder()
            .WithUrl($"{web.BaseUrl}/hubs/board", options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        await hub.StartAsync();

        await hub.InvokeAsync("Subscribe", BoardScopes.Branch("tianjin"));
        await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => hub.InvokeAsync("Subscribe", BoardScopes.Branch("beijing")));
        await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => hub.InvokeAsync("Subscribe", BoardScopes.Headquarters));
    }

    async Task BoardShowsAsync(string engineerId, double lat, double lon) =>
        await _hq.EventuallyAsync<BoardSnapshot>("/api/board?scope=hq",
            board => board.Engineers.Any(e => e.Id == engineerId && Math.Abs(e.Location.Lat - lat) < 1e-4 && Math.Abs(e.Location.Lon - lon) < 1e-4),
            Wait);

    async Task<(IPage Page, IBrowserContext Context)> OpenAppAsync(string engineer, Geolocation? position = null)
    {
        var context = await _browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            HasTouch = true,
            IsMobile = true,
            Geolocation = position ?? new Geolocation { Latitude = 39.95f, Longitude = 116.35f },
            Permissions = ["geolocation"],
        });
        var page = await context.NewPageAsync();
        page.Console += (_, message) => { if (message.Type == "error") lock (_browser.Errors) _browser.Errors.Add($"{engineer}: {message.Text}"); };
        page.PageError += (_, error) => { lock (_browser.Errors) _browser.Errors.Add($"{engineer}: {error}"); };
        await page.GotoAsync(web.BaseUrl + "/engineer");
        await page.FillAsync("#sign-in input[name='username']", engineer);
        await page.FillAsync("#sign-in input[name='password']", "demo");
        await page.ClickAsync("#sign-in button");
        await page.WaitForSelectorAsync("#live-status:text('live')", new() { Timeout = (float)Wait.TotalMilliseconds });
        return (page, context);
    }

    static async Task OpenJobAsync(IPage page, string caseId)
    {
        await page.TapAsync($"#jobs li[data-case='{caseId}']", new() { Timeout = (float)Wait.TotalMilliseconds });
        await page.WaitForSelectorAsync($"#job-meta:has-text('{caseId}')");
    }

    static async Task FillSheetAsync(IPage page, string action, Dictionary<string, string> values)
    {
        await page.ClickAsync($".actions button[data-action='{action}']");
        foreach (var (name, value) in values) await page.FillAsync($"#sheet [name='{name}']", value);
        await page.ClickAsync("#sheet-ok");
        await page.WaitForSelectorAsync("#sheet", new() { State = WaitForSelectorState.Hidden });
    }

    static async Task SignAsync(IPage page, string signer)
    {
        await page.ClickAsync(".actions button[data-action='sign']");
        await page.FillAsync("#sheet [name='signerName']", signer);
        var box = (await page.Locator("#signature-canvas").BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + 20, box.Y + 100);
        await page.Mouse.DownAsync();
        foreach (var step in Enumerable.Range(1, 10)) await page.Mouse.MoveAsync(box.X + 20 + step * 25, box.Y + 100 + (step % 2 == 0 ? 30 : -30));
        await page.Mouse.UpAsync();
        await page.ClickAsync("#sheet-ok");
        await page.WaitForSelectorAsync("#sheet", new() { State = WaitForSelectorState.Hidden });
    }

    async Task<string> DispatchedCaseAsync(string branchId, string engineerId, Severity severity, bool respond = false, string region = "north")
    {
        var opened = await _hq.OpenCaseAsync(severity, region: region, site: region == "north" ? WebFixture.BeijingSite : WebFixture.ShanghaiSite);
        await _hq.CommandAsync(opened.Id, "claim", new { branchId });
        await _hq.CommandAsync(opened.Id, "dispatch", new { engineerId });
        if (respond) await _hq.CommandAsync(opened.Id, "respond", new { note = "Engineer on the phone with the customer" });
        return opened.Id;
    }

    async Task<int> OnHandAsync(string depotId, string sku) =>
        (await _hq.GetAsync<JsonArray>($"/api/depots/{depotId}/stock")).Single(line => line!["sku"]!.GetValue<string>() == sku)!["onHand"]!.GetValue<int>();
}
