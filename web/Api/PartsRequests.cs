namespace ServiceGrid.Web.Api;

/// <summary>A request body that names a case, for the access rules of routes limited to one's own cases.</summary>
public interface ICaseReference
{
    string? CaseId { get; }
}

public sealed record ReservationRequest(string? CaseId, string? Sku, int? Qty) : ICaseReference;

public sealed record TransferRequest(string? FromDepotId, string? ToDepotId, string? Sku, int? Qty);

public sealed record ReorderPointRequest(int? Level);

public sealed record ReturnRequest(string? CaseId, string? Sku, string? Serial) : ICaseReference;

public sealed record InspectionRequest(bool? Passed);

static class PartLimits
{
    /// <summary>More than any one case or transfer moves; a bound on what one request may ask of a depot.</summary>
    public const int MaxQty = 10_000;
}
