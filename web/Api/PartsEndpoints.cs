using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ServiceGrid.Organization;
using ServiceGrid.Parts;
using ServiceGrid.Web.Security;

namespace ServiceGrid.Web.Api;

/// <summary>API.md "Installed base, contracts, inspections, parts": reservations for cases, transfers between depots, reorder points.</summary>
public static class PartsEndpoints
{
    public static IEndpointRouteBuilder MapPartsApi(this IEndpointRouteBuilder app)
    {
        var depots = app.MapGroup("/api/depots").WithTags("Parts");
        depots.MapPost("/{id:gridId}/reservations", Reserve).RequireAccess(Operation.ReserveParts);
        depots.MapPost("/transfers", Transfer).RequireAccess(Operation.TransferParts);
        depots.MapPut("/{id:gridId}/reorder-points/{sku:gridId}", SetReorderPoint).RequireAccess(Operation.SetReorderPoint);
        ReturnEndpoints.Map(app);
        return app;
    }

    /// <summary>Reserves stock for a case; 409 when less is available (on hand minus reserved). A retry answers the same reservation.</summary>
    static async Task<Results<Created<ReservationView>, ValidationProblem>> Reserve(string id, ReservationRequest request, IGrainFactory grains)
    {
        var errors = new RequestErrors();
        var caseId = errors.Id("caseId", request.CaseId);
        var sku = errors.Id("sku", request.Sku);
        var qty = errors.Range("qty", request.Qty, 1, PartLimits.MaxQty);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        await RequireDepotAsync(grains, id);
        var reservation = await grains.GetGrain<ICasePartsGrain>(caseId!).Reserve(id, sku!, qty!.Value);
        return TypedResults.Created($"/api/depots/{id}/stock", reservation);
    }

    /// <summary>
    /// Sends stock from one depot to another. With an <c>Idempotency-Key</c> the transfer id is derived from the key
    /// (per user), so a retry, however late, answers the first transfer instead of sending the parts again.
    /// </summary>
    static async Task<Results<Created<TransferView>, ValidationProblem>> Transfer(
        TransferRequest request, [FromHeader(Name = IdempotencyKeys.Header)] string? idempotencyKey, GridUser user, IGrainFactory grains)
    {
        var errors = new RequestErrors();
        var from = errors.Id("fromDepotId", request.FromDepotId);
        var to = errors.Id("toDepotId", request.ToDepotId);
        var sku = errors.Id("sku", request.Sku);
        var qty = errors.Range("qty", request.Qty, 1, PartLimits.MaxQty);
        if (from is not null && from == to) errors.Add("toDepotId", "A transfer goes to another depot than 'fromDepotId'.");
        IdempotencyKeys.Check(errors, idempotencyKey);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        await RequireDepotAsync(grains, from!);
        await RequireDepotAsync(grains, to!);
        var transferId = idempotencyKey is null
            ? $"tr-{Guid.NewGuid():N}"
            : $"tr-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{user.Name}\n{idempotencyKey}")))[..32]}";
        var transfer = await grains.GetGrain<IDepotGrain>(from!).SendTransfer(transferId, to!, sku!, qty!.Value);
        return TypedResults.Created($"/api/depots/{from}/stock", transfer);
    }

    static async Task<Results<Ok<ReorderPointView>, ValidationProblem>> SetReorderPoint(
        string id, string sku, ReorderPointRequest request, IGrainFactory grains)
    {
        var errors = new RequestErrors();
        var level = errors.Range("level", request.Level, 0, PartLimits.MaxQty);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        return TypedResults.Ok(await grains.GetGrain<IDepotGrain>(id).SetReorderPoint(sku, level!.Value));
    }

    static async Task RequireDepotAsync(IGrainFactory grains, string depotId)
    {
        if (await grains.GetGrain<IDepotGrain>(depotId).GetStock() is null) throw DomainException.NotFound("Depot", depotId);
    }
}
