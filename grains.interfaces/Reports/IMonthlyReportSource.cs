namespace ServiceGrid.Reports;

/// <summary>
/// Where the monthly report comes from. Embedded mode: the per-region, per-month report grains that follow the event
/// streams (grains <c>GrainMonthlyReportSource</c>). Durable mode: the case views of the month in the <c>cases</c> table
/// (silo <c>TableMonthlyReportSource</c>). Both fold case views through <c>MonthlyReports</c>, so they count alike.
/// </summary>
public interface IMonthlyReportSource
{
    /// <param name="month">A month as <c>yyyy-MM</c>, already validated.</param>
    /// <param name="region">A known region, or null for the whole company.</param>
    /// <param name="cancellationToken">Stops the reading of a large month early.</param>
    Task<MonthlyReport> GetAsync(string month, string? region, CancellationToken cancellationToken);
}
