using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using ServiceGrid.Tests.Board;
using ServiceGrid.Tests.Web;

namespace ServiceGrid.Tests.Reports;

/// <summary>The report page in headless Chromium: HQ signs in through the page's form and sees the month's charts.</summary>
[Collection(BoardCollection.Name)]
public sealed class ReportPageTests(BoardWebFixture web) : IAsyncLifetime
{
    readonly BoardBrowser _browser = new();

    public Task InitializeAsync() => _browser.InitializeAsync();
    public Task DisposeAsync() => _browser.DisposeAsync();

    [Fact]
    public async Task Hq_signs_in_on_the_report_page_and_sees_the_month_charted_without_a_script_error()
    {
        var api = web.Api();
        await api.OpenCaseAsync(region: "north");
        var month = DateTime.UtcNow.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var report = await api.EventuallyAsync<JsonObject>($"/api/reports/monthly?month={month}", r => r["cases"]!.GetValue<int>() >= 1);
        var page = await _browser.Browser.NewPageAsync();
        page.PageError += (_, error) => _browser.Errors.Add(error);
        page.Console += (_, message) => { if (message.Type == "error") _browser.Errors.Add(message.Text); };

        await page.GotoAsync(web.BaseUrl + "/reports");
        await page.FillAsync("#report-username", "hq");
        await page.FillAsync("#report-password", "demo");
        await page.ClickAsync("#report-sign-in");
        await page.WaitForSelectorAsync($"body[data-loaded='{month}']", new PageWaitForSelectorOptions { Timeout = 10_000 });

        Assert.True(int.Parse(await page.TextContentAsync("#kpi-cases") ?? "0", CultureInfo.InvariantCulture) >= report["cases"]!.GetValue<int>());
        foreach (var chart in new[] { "chart-kind", "chart-severity", "chart-sla", "chart-satisfaction", "chart-parts" })
            Assert.True(await page.EvaluateAsync<bool>($"Chart.getChart('{chart}') !== undefined"), $"{chart} was not drawn");
        Assert.Equal(["", "north", "east"], await page.EvalOnSelectorAllAsync<string[]>("#region option", "options => options.map(o => o.value)"));
        Assert.Empty(_browser.Errors);
    }
}
