using Microsoft.Playwright;
using ServiceGrid.Cases;
using ServiceGrid.Tests.Web;

namespace ServiceGrid.Tests.Board;

/// <summary>The pages in headless Chromium against the web on a real port: what a dispatcher sees, live.</summary>
[Collection(BoardCollection.Name)]
public sealed class BoardPageTests(BoardWebFixture web) : IAsyncLifetime
{
    readonly BoardBrowser _browser = new();
    readonly ApiClient _api = web.Api();

    public Task InitializeAsync() => _browser.InitializeAsync();
    public Task DisposeAsync() => _browser.DisposeAsync();

    [Fact]
    public async Task The_board_shows_a_marker_for_a_case_created_through_the_API_within_a_second()
    {
        var board = await _browser.OpenAsync(web.BaseUrl + "/");

        var opened = await _api.OpenCaseAsync(Severity.P1, region: "north", site: new GeoPoint(40.6, 115.9));
        await board.WaitForSelectorAsync($".case-marker[data-case-id='{opened.Id}']", new PageWaitForSelectorOptions { Timeout = 1000 });

        await board.WaitForSelectorAsync($"#case-list li[data-case-id='{opened.Id}']");
        var label = await board.GetAttributeAsync($".case-marker[data-case-id='{opened.Id}']", "aria-label");
        Assert.StartsWith("P1 ", label);
        await SaveScreenshotAsync(board);
        Assert.Empty(_browser.Errors);
    }

    [Fact]
    public async Task A_claim_clicked_on_one_branch_page_disappears_from_the_other_branch_page_of_the_region()
    {
        var beijing = await _browser.OpenAsync(web.BaseUrl + "/branch/beijing", "branch-beijing");
        var tianjin = await _browser.OpenAsync(web.BaseUrl + "/branch/tianjin", "branch-tianjin");

        var opened = await _api.OpenCaseAsync(Severity.P3, region: "north");
        var inPool = $"#pool li[data-case-id='{opened.Id}']";
        await beijing.WaitForSelectorAsync(inPool);
        await tianjin.WaitForSelectorAsync(inPool);

        await beijing.ClickAsync($"button[data-claim='{opened.Id}']");

        await tianjin.WaitForSelectorAsync(inPool, new PageWaitForSelectorOptions { State = WaitForSelectorState.Detached, Timeout = 2000 });
        await tianjin.GetByText($"{opened.Id} was claimed by beijing").WaitForAsync(new LocatorWaitForOptions { Timeout = 2000 });
        await beijing.WaitForSelectorAsync($"#own li[data-case-id='{opened.Id}']", new PageWaitForSelectorOptions { Timeout = 2000 });
        Assert.Equal(0, await beijing.Locator(inPool).CountAsync());
        Assert.Empty(_browser.Errors);
    }

    [Fact]
    public async Task A_reassignment_made_at_HQ_shows_on_the_branch_pages_at_once()
    {
        var opened = await _api.OpenCaseAsync(Severity.P2, region: "north");
        await _api.CommandAsync(opened.Id, "claim", new { branchId = "beijing" });
        var hq = await _browser.OpenAsync(web.BaseUrl + "/hq");
        var beijing = await _browser.OpenAsync(web.BaseUrl + "/branch/beijing", "branch-beijing");
        var tianjin = await _browser.OpenAsync(web.BaseUrl + "/branch/tianjin", "branch-tianjin");
        await beijing.WaitForSelectorAsync($"#own li[data-case-id='{opened.Id}']");

        await hq.SelectOptionAsync($"#branch-{opened.Id}", "tianjin");
        await hq.ClickAsync($"button[data-reassign='{opened.Id}']");

        await tianjin.WaitForSelectorAsync($"#own li[data-case-id='{opened.Id}']", new PageWaitForSelectorOptions { Timeout = 2000 });
        await beijing.WaitForSelectorAsync($"li[data-case-id='{opened.Id}']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Detached, Timeout = 2000 });
        await hq.GetByText("north/tianjin").WaitForAsync(new LocatorWaitForOptions { Timeout = 2000 });
        Assert.Empty(_browser.Errors);
    }

    /// <summary>
    /// The board with cases of every severity and SLA state. Written to the test output, and to the README's
    /// docs/board.png only when SERVICEGRID_UPDATE_SCREENSHOT=1, so that a test run leaves the working tree clean.
    /// </summary>
    async Task SaveScreenshotAsync(IPage board)
    {
        var breaching = await _api.OpenCaseAsync(Severity.P4, region: "east", site: new GeoPoint(32.2, 120.6));
        foreach (var (severity, site) in new[] { (Severity.P2, new GeoPoint(38.3, 115.2)), (Severity.P3, new GeoPoint(29.4, 119.3)), (Severity.P5, new GeoPoint(32.1, 118.2)) })
            await _api.OpenCaseAsync(severity, site.Lat > 35 ? "north" : "east", site);
        await board.WaitForSelectorAsync($".case-marker.sla-breached[data-case-id='{breaching.Id}']", new PageWaitForSelectorOptions { Timeout = 10_000 });
        await board.WaitForSelectorAsync(".engineer-marker");
        var path = Environment.GetEnvironmentVariable("SERVICEGRID_UPDATE_SCREENSHOT") == "1"
            ? Path.Combine(RepositoryRoot(), "docs", "board.png")
            : Path.Combine(AppContext.BaseDirectory, "board.png");
        await board.ScreenshotAsync(new PageScreenshotOptions { Path = path });
    }

    static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OrleansService.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("The repository root was not found.");
    }
}
