namespace ServiceGrid.Events;

/// <summary>
/// Where <c>GET /api/cases</c> reads: the <c>cases</c> table in durable mode (silo <c>TableCaseList</c>), the regions'
/// read models otherwise (web <c>RegionCaseList</c>). The web's composition root registers the one its mode needs.
/// </summary>
public interface ICaseListSource
{
    /// <summary>How deep (page × page size) a list across all regions may go; null: no limit.</summary>
    int? MaxDepthAcrossRegions { get; }

    /// <summary>A page of the cases of <paramref name="region"/>, or of every region when null, newest first.</summary>
    Task<CasePage> ListAsync(string? region, CaseQuery query, CancellationToken cancellationToken);
}
