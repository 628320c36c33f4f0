using ServiceGrid.Reports;

namespace ServiceGrid.Web.Reports;

/// <summary>
/// Where the monthly report's figures come from. Embedded mode: the per-region, per-month report grains that follow
/// the event streams (<see cref="GrainMonthlyReportSource"/>). Durable mode can answer from the database instead: select
/// the case views of the month (opened in it, UTC) and region, and fold them with <c>MonthlyReports.Facts</c>,
/// <c>MonthlyReports.Add</c> and <c>MonthlyReports.Build</c>, so both sources count the same way.
/// </summary>
public interface IMonthlyReportSource
{
    /// <param name="month">A month as <c>yyyy-MM</c>, already validated.</param>
    /// <param name="region">A known region, or null for the whole company.</param>
    Task<MonthlyReport> GetAsync(string month, string? region, CancellationToken cancellationToken);
}
