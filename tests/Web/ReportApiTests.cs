using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ServiceGrid.Cases;

namespace ServiceGrid.Tests.Web;

/// <summary>API.md "Monthly report" and the report page at <c>/reports</c>.</summary>
[Collection(WebCollection.Name)]
public sealed partial class ReportApiTests(WebFixture web)
{
    readonly ApiClient _csc = web.Api("csc");

    static string ThisMonth => DateTime.UtcNow.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_monthly_report_counts_the_cases_opened_in_the_month_by_kind_severity_and_complaints()
    {
        using var complaint = await _csc.PostAsync("/api/cases", new
        {
            customerId = WebFixture.Customer, kind = "complaint", severity = "P2", channel = "hotline",
            title = "Engineer arrived late", description = "Second time this month.", region = "east",
        });
        Assert.Equal(HttpStatusCode.Created, complaint.StatusCode);

        var report = await _csc.EventuallyAsync<JsonObject>($"/api/reports/monthly?month={ThisMonth}&region=east",
            r => r["complaints"]!.GetValue<int>() >= 1);

        Assert.Equal((ThisMonth, "east"), (report["month"]!.GetValue<string>(), report["region"]!.GetValue<string>()));
        Assert.True(report["cases"]!.GetValue<int>() >= 1);
        Assert.True(report["byKind"]!["complaint"]!.GetValue<int>() >= 1);
        Assert.True(report["bySeverity"]!["P2"]!.GetValue<int>() >= 1);
        Assert.Equal(["1", "2", "3", "4", "5"], report["satisfaction"]!["distribution"]!.AsObject().Select(p => p.Key));
        foreach (var milestone in new[] { "response", "onsite", "resolution" }) Assert.NotNull(report["sla"]![milestone]);
        Assert.NotNull(report["meanTimes"]);
        Assert.NotNull(report["partsUsed"]!["bySku"]);

        var company = await _csc.GetAsync<JsonObject>($"/api/reports/monthly?month={ThisMonth}");
        Assert.Null(company["region"]);
        Assert.True(company["cases"]!.GetValue<int>() >= report["cases"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_monthly_report_in_csv_lists_one_figure_per_line()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/reports/monthly?month={ThisMonth}&region=north");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));

        using var response = await _csc.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("section,key,value", lines[0]);
        Assert.Contains($"report,month,{ThisMonth}", lines);
        Assert.Contains("report,region,north", lines);
        Assert.Contains(lines, line => line.StartsWith("satisfaction,ratePercent,", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("slaCompliancePercent,response,", StringComparison.Ordinal));
        Assert.All(lines, line => Assert.Equal(2, line.Count(c => c == ',')));
    }

    [Theory]
    [InlineData("", "month")]
    [InlineData("month=2026-13", "month")]
    [InlineData("month=2026-3", "month")]
    [InlineData("month=march", "month")]
    [InlineData("month=2026-03&region=atlantis", "region")]
    public async Task A_bad_month_or_an_unknown_region_is_400_naming_the_field(string query, string field)
    {
        var problem = await ApiClient.ProblemAsync(await _csc.Http.GetAsync($"/api/reports/monthly?{query}"), HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task The_report_page_and_every_script_and_style_it_loads_are_served_from_this_origin()
    {
        var http = web.CreateClient();

        using var page = await http.GetAsync("/reports");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotMatch(InlineScript(), html);
        var assets = Asset().Matches(html).Select(m => m.Groups["path"].Value).ToList();
        Assert.Contains("/lib/chartjs/chart.umd.min.js", assets);
        Assert.Contains("/js/reports-page.js", assets);
        foreach (var path in assets.Append("/js/report-api.js"))
        {
            using var asset = await http.GetAsync(path);
            Assert.True(asset.StatusCode == HttpStatusCode.OK, $"{path}: {(int)asset.StatusCode}");
            Assert.Contains(asset.Content.Headers.ContentType?.MediaType, new[] { "text/javascript", "application/javascript", "text/css" });
        }
        Assert.Contains("Chart.js v4", await http.GetStringAsync("/lib/chartjs/chart.umd.min.js"));
        Assert.Contains("from './report-api.js'", await http.GetStringAsync("/js/reports-page.js"));
    }

    /// <summary>A script element without a src: inline script, which the CSP would block.</summary>
    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex("(?:src|href)=\"(?<path>/(?:js|css|lib)/[^\"]+)\"")]
    private static partial Regex Asset();
}
