using ServiceGrid.Events;
using ServiceGrid.Organization;

namespace ServiceGrid.Web.Api;

/// <summary>A question to every region's read model at once: one call per region, never one per case.</summary>
public static class RegionReadModels
{
    /// <summary>The chart and each region's answer, in the chart's order.</summary>
    public static async Task<(OrganizationChart Chart, T[] Answers)> AskEveryRegionAsync<T>(
        this IOrganizationDirectory organization, IGrainFactory grains, Func<IRegionGrain, Task<T>> ask)
    {
        var chart = await organization.GetChartAsync();
        return (chart, await Task.WhenAll(chart.Regions.Select(region => ask(grains.GetGrain<IRegionGrain>(region.Id)))));
    }
}
