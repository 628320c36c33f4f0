using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using ServiceGrid.Cases;
using ServiceGrid.Schedule;
using ServiceGrid.Tests.Web;

namespace ServiceGrid.Tests.Board;

/// <summary>
/// Issue 18's schedule board in headless Chromium: a visit dragged to another engineer is pinned there and moves on
/// every open board; the optimizer's proposal is shown as a diff and applied; the dispatch board draws an engineer's
/// route for the day. The browsers run in the schedule's time zone, as a dispatcher of the region would. The north
/// region, whose engineers have no shift calendar (always on shift); its cases have no unit, so no skill is needed.
/// </summary>
[Collection(BoardCollection.Name)]
public sealed class SchedulePageTests(BoardWebFixture web) : IAsyncLifetime
{
    const string Zone = "Asia/Shanghai";
    static readonly TimeZoneInfo RegionZone = TimeZoneInfo.FindSystemTimeZoneById(Zone);
    /// <summary>Beside the Tianjin branch, where its engineers start: a visit planned there by hand is reachable in time,
    /// which a re-plan of the region needs of every pinned visit.</summary>
    static readonly GeoPoint TianjinSite = new(39.14, 117.19);
    static readonly PageWaitForSelectorOptions Soon = new() { Timeout = 15_000 };

    readonly BoardBrowser _browser = new();
    readonly ApiClient _api = web.Api();

    public Task InitializeAsync() => _browser.InitializeAsync();
    public Task DisposeAsync() => _browser.DisposeAsync();

    [Fact]
    public async Task A_visit_dragged_to_another_engineer_is_pinned_there_and_moves_on_the_other_board_too()
    {
        var (start, end) = WindowOfOneDay(TimeSpan.FromHours(5));
        var visit = await BookVisitAsync(start, end, durationMinutes: 60, TianjinSite);
        await PlanAsync(visit, "eng-tianjin-2", start.AddHours(1));
        var url = $"{web.BaseUrl}/schedule?region=north&date={DateOf(start):yyyy-MM-dd}";
        var dragging = await _browser.OpenAsync(url, timeZone: Zone);
        var watching = await _browser.OpenAsync(url, timeZone: Zone);
        await dragging.WaitForSelectorAsync(Bar(visit.Id, "eng-tianjin-2"), Soon);
        await watching.WaitForSelectorAsync(Bar(visit.Id, "eng-tianjin-2"), Soon);

        var bar = await BoxAsync(dragging, $".vis-item:has({Bar(visit.Id, "eng-tianjin-2")})");
        var row = await BoxAsync(dragging, $".vis-label:has(.engineer-label[data-engineer-id='eng-tianjin-1'])");
        var (x, y) = (bar.X + bar.Width / 2, bar.Y + bar.Height / 2);
        await dragging.Mouse.MoveAsync(x, y);
        await dragging.Mouse.DownAsync();
        await dragging.Mouse.MoveAsync(x, y + Math.Sign(row.Y - y) * 15, new MouseMoveOptions { Steps = 3 });
        await dragging.Mouse.MoveAsync(x, row.Y + row.Height / 2, new MouseMoveOptions { Steps = 10 });
        await dragging.Mouse.UpAsync();
        await WaitOrSayWhyAsync(dragging, Bar(visit.Id, "eng-tianjin-1"));

        var moved = await EventuallyVisitAsync(visit, v => v.EngineerId == "eng-tianjin-1");
        Assert.True(moved.Pinned);
        Assert.Equal(VisitState.Planned, moved.State);
        var pinnedThere = $"{Bar(visit.Id, "eng-tianjin-1")}[data-pinned='true']";
        await watching.WaitForSelectorAsync(pinnedThere, Soon);
        await dragging.WaitForSelectorAsync(pinnedThere, Soon);
        // Drawn in the new engineer's row, not only labelled with them.
        var drawn = await BoxAsync(watching, $".vis-item:has({pinnedThere})");
        var target = await BoxAsync(watching, $".vis-label:has(.engineer-label[data-engineer-id='eng-tianjin-1'])");
        Assert.InRange(drawn.Y + drawn.Height / 2, target.Y, target.Y + target.Height);
        Assert.Equal(1, await watching.Locator($"{pinnedThere} .pin-mark").CountAsync());
        Assert.Empty(_browser.Errors);
    }

    [Fact]
    public async Task A_re_plan_is_shown_as_a_diff_with_ghosts_and_applying_it_plans_the_visit_on_the_timeline()
    {
        var (start, end) = WindowOfOneDay(TimeSpan.FromHours(4));
        var visit = await BookVisitAsync(start, end, durationMinutes: 45, WebFixture.BeijingSite);
        var page = await _browser.OpenAsync($"{web.BaseUrl}/schedule?region=north&date={DateOf(start):yyyy-MM-dd}", timeZone: Zone);
        await page.WaitForSelectorAsync($"#unplanned li[data-visit-id='{visit.Id}']", Soon);

        await page.ClickAsync("#replan");

        await WaitOrSayWhyAsync(page, $"#proposal-moves li[data-visit-id='{visit.Id}']");
        Assert.Contains("unplanned →", await page.InnerTextAsync($"#proposal-moves li[data-visit-id='{visit.Id}']"));
        await page.WaitForSelectorAsync($".visit-label[data-visit-id='{visit.Id}'][data-ghost='true']", Soon);
        Assert.Equal(4, await page.Locator("#proposal-figures tr[data-figure]").CountAsync());
        Assert.Equal(VisitState.Unplanned, (await VisitAsync(visit)).State);

        await page.ClickAsync("#proposal-apply");

        var planned = await EventuallyVisitAsync(visit, v => v.State == VisitState.Planned);
        Assert.False(planned.Pinned);
        await page.WaitForSelectorAsync($"{Bar(visit.Id, planned.EngineerId!)}:not([data-ghost])", Soon);
        await page.WaitForSelectorAsync($"#unplanned li[data-visit-id='{visit.Id}']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Detached, Timeout = 15_000 });
        Assert.True(await page.IsHiddenAsync("#proposal"));
        Assert.Equal(0, await page.Locator("[data-ghost='true']").CountAsync());
        Assert.Empty(_browser.Errors);
    }

    [Fact]
    public async Task Fit_in_on_an_unplanned_P1_shows_its_proposal_as_a_diff_and_applying_it_plans_the_visit()
    {
        var (start, end) = WindowOfOneDay(TimeSpan.FromHours(4));
        var visit = await BookVisitAsync(start, end, durationMinutes: 45, WebFixture.BeijingSite, severity: "P1");
        var page = await _browser.OpenAsync($"{web.BaseUrl}/schedule?region=north&date={DateOf(start):yyyy-MM-dd}", timeZone: Zone);
        var fitIn = $"#unplanned li[data-visit-id='{visit.Id}'] button[data-fit-in]";
        await page.WaitForSelectorAsync(fitIn, Soon);

        await page.ClickAsync(fitIn);

        await WaitOrSayWhyAsync(page, $"#proposal-moves li[data-visit-id='{visit.Id}']");
        Assert.Contains("unplanned →", await page.InnerTextAsync($"#proposal-moves li[data-visit-id='{visit.Id}']"));
        Assert.True(await page.IsHiddenAsync("#plan-form"));
        Assert.Equal(VisitState.Unplanned, (await VisitAsync(visit)).State);

        await page.ClickAsync("#proposal-apply");

        var planned = await EventuallyVisitAsync(visit, v => v.State == VisitState.Planned);
        await page.WaitForSelectorAsync($"{Bar(visit.Id, planned.EngineerId!)}:not([data-ghost])", Soon);
        Assert.True(await page.IsHiddenAsync("#proposal"));
        Assert.Empty(_browser.Errors);
    }

    [Fact]
    public async Task A_proposal_whose_visit_a_person_moved_meanwhile_is_not_applied_and_a_new_one_keeps_the_edit()
    {
        var (start, end) = WindowOfOneDay(TimeSpan.FromHours(4));
        var visit = await BookVisitAsync(start, end, durationMinutes: 45, WebFixture.BeijingSite);
        var page = await _browser.OpenAsync($"{web.BaseUrl}/schedule?region=north&date={DateOf(start):yyyy-MM-dd}", timeZone: Zone);
        await page.WaitForSelectorAsync($"#unplanned li[data-visit-id='{visit.Id}']", Soon);
        await page.ClickAsync("#replan");
        await WaitOrSayWhyAsync(page, $"#proposal-moves li[data-visit-id='{visit.Id}']");
        var first = await page.GetAttributeAsync("#proposal", "data-proposal-id");

        // A dispatcher elsewhere plans the visit by hand before this one applies.
        await PlanAsync(visit, "eng-beijing-2", start.AddHours(3));
        await page.WaitForSelectorAsync($"{Bar(visit.Id, "eng-beijing-2")}[data-pinned='true']", Soon);
        await page.ClickAsync("#proposal-apply");

        await page.WaitForSelectorAsync("#proposal-conflict:not([hidden])", Soon);
        var kept = await VisitAsync(visit);
        Assert.Equal(("eng-beijing-2", true, start.AddHours(3)), (kept.EngineerId, kept.Pinned, kept.PlannedStart!.Value));
        await page.ClickAsync("#proposal-again");
        await page.WaitForSelectorAsync($"#proposal:not([data-proposal-id='{first}'])", Soon);
        Assert.True(await page.IsHiddenAsync("#proposal-conflict"));
        Assert.Equal(0, await page.Locator($"#proposal-moves li[data-visit-id='{visit.Id}']").CountAsync());
        // The 409 of the refused apply is the one failed load the page may have.
        Assert.All(_browser.Errors, error => Assert.Contains("409", error));
    }

    [Fact]
    public async Task The_branch_pages_schedule_tab_shows_the_branchs_region_with_every_engineer_of_it()
    {
        var desk = await _browser.OpenAsync(web.BaseUrl + "/branch/beijing", "branch-beijing", Zone);
        await desk.ClickAsync("#tab-schedule");

        await desk.WaitForURLAsync("**/branch/beijing/schedule**");
        await desk.WaitForSelectorAsync(".engineer-label[data-engineer-id='eng-tianjin-1']", Soon);
        Assert.Equal("north", await desk.InputValueAsync("#schedule-region"));
        Assert.True(await desk.IsDisabledAsync("#schedule-region"));
        Assert.Equal(4, await desk.Locator(".engineer-label").CountAsync());
        Assert.Equal("/branch/beijing", await desk.GetAttributeAsync("#tab-desk", "href"));
        Assert.Empty(_browser.Errors);
    }

    [Fact]
    public async Task Selecting_an_engineer_on_the_board_draws_their_route_for_the_day()
    {
        // The board asks for the browser's today: a short visit soon, on the day the browser's zone is in.
        var (windowStart, plannedStart, browserZone) = RouteDay(DateTimeOffset.UtcNow);
        var visit = await BookVisitAsync(windowStart, windowStart.AddMinutes(60), durationMinutes: 15, TianjinSite);
        await PlanAsync(visit, "eng-tianjin-2", plannedStart);
        var board = await _browser.OpenAsync(web.BaseUrl + "/", timeZone: browserZone);
        var marker = ".engineer-icon:has(.engineer-marker[data-engineer-id='eng-tianjin-2'])";
        await board.WaitForSelectorAsync(marker, Soon);

        // Markers take the keyboard focus; Enter selects like a click, whatever marker lies on top of this one.
        await board.FocusAsync(marker);
        await board.Keyboard.PressAsync("Enter");

        await board.WaitForSelectorAsync("path.route-line", Soon);
        await board.WaitForSelectorAsync($".route-stop[data-visit-id='{visit.Id}'][data-engineer-id='eng-tianjin-2']", Soon);
        var plan = await _api.GetAsync<EngineerPlan>($"/api/engineers/eng-tianjin-2/plan?date={DateOf(plannedStart):yyyy-MM-dd}");
        Assert.Equal(plan.Stops.Length, await board.Locator(".route-stop").CountAsync());
        Assert.Empty(_browser.Errors);
    }

    /// <summary>Waits for the selector; when it does not come, fails with what the page said (its toasts and errors).</summary>
    async Task WaitOrSayWhyAsync(IPage page, string selector)
    {
        try
        {
            await page.WaitForSelectorAsync(selector, Soon);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{selector} never came; the page said: {string.Join(" | ", await page.Locator(".toast").AllInnerTextsAsync())}; errors: {string.Join(" | ", _browser.Errors)}");
        }
    }

    static string Bar(string visitId, string engineerId) => $".visit-label[data-visit-id='{visitId}'][data-engineer-id='{engineerId}']";

    static DateOnly DateOf(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, RegionZone).DateTime);

    /// <summary>
    /// A window from soon and a start in it on the region's today, seen from the region's zone; in the region's last hour
    /// (when a visit soon would cross midnight) the first minutes of its tomorrow instead, seen from a zone an hour ahead,
    /// whose today that already is.
    /// </summary>
    static (DateTimeOffset WindowStart, DateTimeOffset PlannedStart, string BrowserZone) RouteDay(DateTimeOffset now)
    {
        if (DateOf(now.AddMinutes(50)) == DateOf(now)) return (now.AddMinutes(3), now.AddMinutes(10), Zone);
        var tomorrow = DateOf(now).AddDays(1).ToDateTime(TimeOnly.MinValue);
        var midnight = new DateTimeOffset(tomorrow, RegionZone.GetUtcOffset(tomorrow));
        return (midnight.AddMinutes(1), midnight.AddMinutes(5), "Asia/Tokyo");
    }

    /// <summary>A window starting soon that stays inside one day of the region (tomorrow morning when today is nearly over).</summary>
    static (DateTimeOffset Start, DateTimeOffset End) WindowOfOneDay(TimeSpan length)
    {
        var start = DateTimeOffset.UtcNow.AddMinutes(30);
        if (DateOf(start) != DateOf(start + length))
        {
            var tomorrow = DateOf(start).AddDays(1).ToDateTime(new TimeOnly(8, 0));
            start = new DateTimeOffset(tomorrow, RegionZone.GetUtcOffset(tomorrow));
        }
        return (start, start + length);
    }

    async Task<VisitView> BookVisitAsync(DateTimeOffset windowStart, DateTimeOffset windowEnd, int durationMinutes, GeoPoint site, string severity = "P4")
    {
        // Without a unit the visit needs no skill, which the fixture's engineers do not have.
        using var open = await _api.PostAsync("/api/cases", new
        {
            customerId = WebFixture.Customer, kind = "service", severity, channel = "hotline", title = "Quarterly check of the spindle",
            description = "Booked with the customer.", region = "north", site = new { lat = site.Lat, lon = site.Lon },
        });
        Assert.Equal(HttpStatusCode.Created, open.StatusCode);
        var opened = (await open.Content.ReadFromJsonAsync<CaseView>(ApiClient.Json))!;
        using var response = await _api.PostAsync($"/api/cases/{opened.Id}/visits", new { windowStart, windowEnd, durationMinutes }, Guid.NewGuid().ToString());
        if (response.StatusCode != HttpStatusCode.Created) Assert.Fail($"book: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<VisitView>(ApiClient.Json))!;
    }

    async Task PlanAsync(VisitView visit, string engineerId, DateTimeOffset plannedStart)
    {
        using var response = await _api.Http.PutAsJsonAsync($"/api/cases/{visit.CaseId}/visits/{visit.Id}/plan", new { engineerId, plannedStart }, ApiClient.Json);
        if (response.StatusCode != HttpStatusCode.OK) Assert.Fail($"plan: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    async Task<VisitView> VisitAsync(VisitView visit) =>
        (await _api.GetAsync<VisitView[]>($"/api/cases/{visit.CaseId}/visits")).Single(v => v.Id == visit.Id);

    async Task<VisitView> EventuallyVisitAsync(VisitView visit, Func<VisitView, bool> condition) =>
        (await _api.EventuallyAsync<VisitView[]>($"/api/cases/{visit.CaseId}/visits", visits => visits.Any(v => v.Id == visit.Id && condition(v))))
            .Single(v => v.Id == visit.Id);

    static async Task<LocatorBoundingBoxResult> BoxAsync(IPage page, string selector) =>
        await page.Locator(selector).First.BoundingBoxAsync() ?? throw new InvalidOperationException($"{selector} is not drawn.");
}
