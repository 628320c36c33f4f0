using ServiceGrid.Events;

namespace ServiceGrid.Silo.Persistence;

/// <summary>Durable mode: one SQL query, whatever the page and the regions.</summary>
public sealed class TableCaseList(CaseTable table) : ICaseListSource
{
    public int? MaxDepthAcrossRegions => null;

    public Task<CasePage> ListAsync(string? region, CaseQuery query, CancellationToken cancellationToken) =>
        table.QueryAsync(region, query, cancellationToken);
}
