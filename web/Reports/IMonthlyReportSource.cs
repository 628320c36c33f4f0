using ServiceGrid.Reports;

namespace ServiceGrid.Web.Reports;

/// <summary>
/// Where the monthly report comes from. Embedded mode: the per-region, per-month report grains that follow the event
/// streams (<see cref="GrainMonthlyReportSource"/>). Durable mode: the case views of the month in the <c>cases</c> table
/// (<see cref="TableMonthlyReportSource"/>). Both fold case views through <c>MonthlyReports</c>, so they count alike.
/// </summary>
public interface IMonthlyReportSource
{
    /// <param name="month">A month as <c>yyyy-MM</c>, already validated.</param>
    /// <param name="region">A known region, or null for the whole company.</param>
    Task<MonthlyReport> GetAsync(string month, string? region, CancellationToken cancellationToken);
}
