using System.Globalization;
using System.Text;
using ServiceGrid.Reports;

namespace ServiceGrid.Web.Reports;

/// <summary>The monthly report as CSV (<c>Accept: text/csv</c>): one figure per line, <c>section,key,value</c>, for spreadsheets.</summary>
public static class MonthlyReportCsv
{
    public static string Format(MonthlyReport report)
    {
        var csv = new StringBuilder("section,key,value\n");
        void Line(string section, string key, object? value) =>
            csv.Append(Field(section)).Append(',').Append(Field(key)).Append(',')
                .Append(Field(value switch { null => "", double d => d.ToString(CultureInfo.InvariantCulture), _ => Convert.ToString(value, CultureInfo.InvariantCulture)! }))
                .Append('\n');

        Line("report", "month", report.Month);
        Line("report", "region", report.Region ?? "all");
        Line("cases", "total", report.Cases);
        foreach (var (kind, count) in report.ByKind) Line("byKind", kind, count);
        foreach (var (severity, count) in report.BySeverity) Line("bySeverity", severity, count);
        foreach (var (name, milestone) in new[] { ("response", report.Sla.Response), ("onsite", report.Sla.Onsite), ("resolution", report.Sla.Resolution) })
        {
            Line("slaMet", name, milestone.Met);
            Line("slaBreached", name, milestone.Breached);
            Line("slaCompliancePercent", name, milestone.Percent);
        }
        Line("meanMinutes", "response", report.MeanTimes.ResponseMinutes);
        Line("meanMinutes", "onsite", report.MeanTimes.OnsiteMinutes);
        Line("meanMinutes", "resolution", report.MeanTimes.ResolutionMinutes);
        Line("satisfaction", "surveys", report.Satisfaction.Surveys);
        Line("satisfaction", "ratePercent", report.Satisfaction.Rate);
        foreach (var (score, count) in report.Satisfaction.Distribution) Line("satisfactionScore", score, count);
        Line("complaints", "total", report.Complaints);
        Line("partsUsed", "total", report.PartsUsed.Total);
        foreach (var (sku, qty) in report.PartsUsed.BySku) Line("partsUsed", sku, qty);
        return csv.ToString();
    }

    /// <summary>RFC 4180 quoting; a leading formula character is neutralised so a spreadsheet shows text, never runs it.</summary>
    internal static string Field(string value)
    {
        if (value.Length > 0 && "=+-@".Contains(value[0]) && !double.TryParse(value, CultureInfo.InvariantCulture, out _)) value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }
}
