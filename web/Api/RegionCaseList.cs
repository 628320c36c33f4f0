using System.Collections.Immutable;
using ServiceGrid.Cases;
using ServiceGrid.Events;
using ServiceGrid.Organization;

namespace ServiceGrid.Web.Api;

/// <summary>Embedded mode: one call per region (never one per case), merged when no region is given.</summary>
public sealed class RegionCaseList(IGrainFactory grains, IOrganizationDirectory organization) : ICaseListSource
{
    /// <summary>The merge holds page × pageSize cases from each region.</summary>
    public int? MaxDepthAcrossRegions => 10_000;

    public async Task<CasePage> ListAsync(string? region, CaseQuery query, CancellationToken cancellationToken)
    {
        if (region is not null) return await grains.GetGrain<IRegionGrain>(region).Query(query);

        var depth = query with { Page = 1, PageSize = query.Page * query.PageSize };
        var (_, pages) = await organization.AskEveryRegionAsync(grains, region => region.Query(depth));
        var items = pages.SelectMany(p => p.Items)
            .NewestFirst()
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .ToImmutableArray();
        return new CasePage(items, pages.Sum(p => p.Total));
    }
}
