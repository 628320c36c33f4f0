using ServiceGrid.Grains.Organization;
using ServiceGrid.Reports;

namespace ServiceGrid.Grains.Reports;

/// <summary>Embedded mode: the monthly report from the report grains: one call per region, figures added up, then computed once.</summary>
public sealed class GrainMonthlyReportSource(IGrainFactory grains, OrganizationDirectory organization) : IMonthlyReportSource
{
    public async Task<MonthlyReport> GetAsync(string month, string? region, CancellationToken cancellationToken)
    {
        var regions = region is not null ? [region] : (await organization.GetChartAsync()).Regions.Select(r => r.Id).ToList();
        var figures = await Task.WhenAll(regions.Select(id =>
            grains.GetGrain<IMonthlyReportGrain>(MonthlyReports.GrainKey(id, month)).GetFigures()));
        return MonthlyReports.Build(month, region, figures.Aggregate(MonthlyFigures.Empty, MonthlyReports.Merge));
    }
}
