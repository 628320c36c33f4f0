using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using ServiceGrid.Care;
using ServiceGrid.Web.Api;
using ServiceGrid.Web.Security;

namespace ServiceGrid.Web.Reports;

/// <summary>
/// <c>GET /api/reports/satisfaction?from=&amp;to=&amp;by=</c>: service plan 4.7.5's satisfaction per customer, model, kind or
/// region (surveys, A–E, rate A+B+C) and for the whole company; <c>Accept: text/csv</c> gives CSV, like the monthly report.
/// </summary>
public static class SatisfactionReportEndpoints
{
    public static WebApplication MapSatisfactionReport(this WebApplication app)
    {
        app.MapGroup("/api/reports").WithTags("Reports").MapGet("/satisfaction", GetSatisfaction).RequireAccess(Operation.ReadReports);
        return app;
    }

    static async Task<Results<Ok<SatisfactionReport>, ContentHttpResult, ValidationProblem>> GetSatisfaction(
        string? from, string? to, string? by, HttpRequest request, IGrainFactory grains)
    {
        var errors = new RequestErrors();
        var first = Month(errors, "from", from);
        var last = Month(errors, "to", to);
        var grouping = errors.Enum<SatisfactionGrouping>("by", by, required: false) ?? SatisfactionGrouping.Region;
        if (first is not null && last is not null && last < first) errors.Add("to", "'to' may not be before 'from'.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var report = await grains.GetGrain<IFollowUpDeskGrain>(0).Satisfaction(from!, to!, grouping);
        return request.GetTypedHeaders().Accept.Any(accept => accept.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase))
            ? TypedResults.Text(Csv(report), "text/csv; charset=utf-8")
            : TypedResults.Ok(report);
    }

    static DateTime? Month(RequestErrors errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, $"'{field}' is required, as YYYY-MM (e.g. 2026-03).");
            return null;
        }
        if (value.Length == 7 && DateTime.TryParseExact(value, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)) return month;
        errors.Add(field, $"'{value}' is not a month; use YYYY-MM (e.g. 2026-03).");
        return null;
    }

    /// <summary>One line per group, the company last: <c>group,surveys,A,B,C,D,E,ratePercent</c>.</summary>
    public static string Csv(SatisfactionReport report)
    {
        var csv = new StringBuilder($"{MonthlyReportCsv.Field(report.By.ToString().ToLowerInvariant())},surveys,A,B,C,D,E,ratePercent\n");
        foreach (var group in report.Groups.Append(report.Company))
        {
            csv.Append(MonthlyReportCsv.Field(group.Key)).Append(',').Append(group.Surveys);
            foreach (var grade in new[] { "A", "B", "C", "D", "E" }) csv.Append(',').Append(group.Distribution.GetValueOrDefault(grade));
            csv.Append(',').Append(group.Rate?.ToString(CultureInfo.InvariantCulture) ?? "").Append('\n');
        }
        return csv.ToString();
    }
}
