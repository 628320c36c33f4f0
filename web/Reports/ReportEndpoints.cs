using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using ServiceGrid.Organization;
using ServiceGrid.Reports;
using ServiceGrid.Web.Api;
using ServiceGrid.Web.Security;

namespace ServiceGrid.Web.Reports;

/// <summary>API.md "Monthly report" and the report page (<c>/reports</c>) that charts it for HQ and the managers.</summary>
public static class ReportEndpoints
{
    public static WebApplication MapReports(this WebApplication app)
    {
        // The page, its scripts and styles and the vendored Chart.js are plain files under wwwroot (no inline script: the CSP forbids it).
        app.MapFallbackToFile("/reports", "reports.html");
        app.MapGroup("/api/reports").WithTags("Reports").MapGet("/monthly", GetMonthly).RequireAccess(Operation.ReadReports);
        return app;
    }

    /// <summary>The cases opened in <paramref name="month"/> (yyyy-MM, UTC) in one region or all; CSV when the client accepts <c>text/csv</c>.</summary>
    static async Task<Results<Ok<MonthlyReport>, ContentHttpResult, ValidationProblem>> GetMonthly(
        string? month, string? region, HttpRequest request, IMonthlyReportSource reports, IOrganizationDirectory organization,
        CancellationToken cancellationToken)
    {
        var errors = new RequestErrors();
        if (string.IsNullOrWhiteSpace(month)) errors.Add("month", "'month' is required, as YYYY-MM (e.g. 2026-03).");
        else if (month.Length != 7 || !DateTime.TryParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            errors.Add("month", $"'{month}' is not a month; use YYYY-MM (e.g. 2026-03).");
        var regionId = errors.Id("region", region, required: false);
        if (regionId is not null && await organization.FindRegionAsync(regionId) is null) errors.Add("region", $"There is no region '{regionId}'.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var report = await reports.GetAsync(month!, regionId, cancellationToken);
        return WantsCsv(request)
            ? TypedResults.Text(MonthlyReportCsv.Format(report), "text/csv; charset=utf-8")
            : TypedResults.Ok(report);
    }

    static bool WantsCsv(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(accept => accept.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase));
}
