using System.Collections.Immutable;
using ServiceGrid.Cases;

namespace ServiceGrid.Web.Api;

// Request bodies keep enums and numbers loosely typed so that every bad field is reported by name (RequestErrors),
// rather than the first one stopping the JSON reader.

public sealed record SiteRequest(double? Lat, double? Lon);

public sealed record OpenCaseRequest(
    string? CustomerId, string? Kind, string? Severity, string? Channel, string? Title, string? Description,
    SiteRequest? Site, string? Region, string? EquipmentSerial)
{
    public OpenCase? Validate(RequestErrors errors, string actor)
    {
        var customerId = errors.Id("customerId", CustomerId);
        var kind = errors.Enum<CaseKind>("kind", Kind);
        var severity = errors.Enum<Severity>("severity", Severity);
        var channel = errors.Enum<Channel>("channel", Channel);
        var title = errors.Text("title", Title, TextLimits.Title);
        var description = errors.Text("description", Description, TextLimits.Long);
        var site = Site is null ? null : errors.Point("site.", Site.Lat, Site.Lon);
        var region = errors.Id("region", Region, required: false);
        var serial = errors.Id("equipmentSerial", EquipmentSerial, required: false);
        if (errors.Any) return null;
        return new OpenCase
        {
            CustomerId = customerId!,
            Kind = kind!.Value,
            Severity = severity!.Value,
            Channel = channel!.Value,
            Title = title!,
            Description = description!,
            Site = site,
            Region = region,
            EquipmentSerial = serial,
            Actor = actor,
        };
    }
}

public sealed record ClaimRequest(string? BranchId);

public sealed record DispatchRequest(string? EngineerId);

public sealed record NoteRequest(string? Note);

public sealed record ReasonRequest(string? Reason);

public sealed record FaultReportRequest(string? Diagnosis, string? RootCause, string? Actions, string? Result);

public sealed record PartLineRequest(string? DepotId, string? Sku, int? Qty);

public sealed record ResolveRequest(string? Summary, FaultReportRequest? FaultReport, PartLineRequest[]? PartsUsed)
{
    /// <summary>More lines than any real service report has; a bound on what one request may ask of the depots.</summary>
    const int MaxPartLines = 50;

    public ResolveCase? Validate(RequestErrors errors, string actor)
    {
        var summary = errors.Text("summary", Summary, TextLimits.Long);
        var faultReport = FaultReport is { } report
            ? new FaultReport(
                errors.Text("faultReport.diagnosis", report.Diagnosis, TextLimits.Long)!,
                errors.Text("faultReport.rootCause", report.RootCause, TextLimits.Long)!,
                errors.Text("faultReport.actions", report.Actions, TextLimits.Long)!,
                errors.Text("faultReport.result", report.Result, TextLimits.Long)!)
            : null;
        var parts = ImmutableArray.CreateBuilder<PartLine>();
        if (PartsUsed?.Length > MaxPartLines) errors.Add("partsUsed", $"A resolution may list at most {MaxPartLines} part lines.");
        foreach (var (line, index) in (PartsUsed ?? []).Select((line, index) => (line, index)))
        {
            var field = $"partsUsed[{index}]";
            if (line is null)
            {
                errors.Add(field, "A part line needs depotId, sku and qty.");
                continue;
            }
            var depotId = errors.Id($"{field}.depotId", line.DepotId);
            var sku = errors.Id($"{field}.sku", line.Sku);
            var qty = errors.Range($"{field}.qty", line.Qty, 1, 10_000);
            if (depotId is not null && sku is not null && qty is not null) parts.Add(new PartLine(depotId, sku, qty.Value));
        }
        if (errors.Any) return null;
        return new ResolveCase { Summary = summary!, FaultReport = faultReport, PartsUsed = parts.ToImmutable(), Actor = actor };
    }
}

public sealed record ReassignRequest(string? BranchId, string? EngineerId);

public sealed record SurveyRequest(int? Score, string? Comment);

public sealed record LocationRequest(double? Lat, double? Lon);

static class TextLimits
{
    public const int Title = 200;
    public const int Long = 4_000;
}
