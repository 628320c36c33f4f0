using System.Collections.Immutable;
using ServiceGrid.Events;
using ServiceGrid.Grains.Cases;
using ServiceGrid.Grains.Organization;
using ServiceGrid.Silo.Hosting;
using ServiceGrid.Silo.Persistence;

namespace ServiceGrid.Web.Api;

/// <summary>Where <c>GET /api/cases</c> reads: the <c>cases</c> table in durable mode, the regions' read models otherwise.</summary>
public interface ICaseListSource
{
    /// <summary>How deep (page × page size) a list across all regions may go; null: no limit.</summary>
    int? MaxDepthAcrossRegions { get; }

    /// <summary>A page of the cases of <paramref name="region"/>, or of every region when null, newest first.</summary>
    Task<CasePage> ListAsync(string? region, CaseQuery query, CancellationToken cancellationToken);
}

public static class CaseListServices
{
    public static IServiceCollection AddCaseLists(this IServiceCollection services, ServiceGridHostOptions host) => host.IsDurable
        ? services.AddServiceGridDatabase(host.PooledConnectionString!).AddSingleton<ICaseListSource, TableCaseList>()
        : services.AddSingleton<ICaseListSource, RegionCaseList>();
}

/// <summary>Durable mode: one SQL query, whatever the page and the regions.</summary>
public sealed class TableCaseList(CaseTable table) : ICaseListSource
{
    public int? MaxDepthAcrossRegions => null;

    public Task<CasePage> ListAsync(string? region, CaseQuery query, CancellationToken cancellationToken) =>
        table.QueryAsync(region, query, cancellationToken);
}

/// <summary>Embedded mode: one call per region (never one per case), merged when no region is given.</summary>
public sealed class RegionCaseList(IGrainFactory grains, OrganizationDirectory organization) : ICaseListSource
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
