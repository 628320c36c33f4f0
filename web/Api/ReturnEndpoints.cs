using Microsoft.AspNetCore.Http.HttpResults;
using ServiceGrid.Parts;
using ServiceGrid.Web.Security;

namespace ServiceGrid.Web.Api;

/// <summary>
/// A faulty part's repair loop (service plan 2(3), 4.5): taken back on site, repaired, inspected by HQ's technical
/// service center, then back in stock or scrapped. Steps out of order are 409.
/// </summary>
public static class ReturnEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var returns = app.MapGroup("/api/returns").WithTags("Parts");
        returns.MapPost("/", TakeBack).RequireAccess(Operation.TakeBackPart);
        returns.MapGet("/{id:gridId}", GetReturn).RequireAccess(Operation.ReadReturn);
        returns.MapPost("/{id:gridId}/repaired", Repaired).RequireAccess(Operation.RepairPart);
        returns.MapPost("/{id:gridId}/inspected", Inspected).RequireAccess(Operation.RepairPart);
    }

    /// <summary>The return's id comes from the case and the serial, so posting the same part again answers the same return.</summary>
    static async Task<Results<Created<ReturnView>, ValidationProblem>> TakeBack(ReturnRequest request, GridUser user, IGrainFactory grains)
    {
        var errors = new RequestErrors();
        var caseId = errors.Id("caseId", request.CaseId);
        var sku = errors.Id("sku", request.Sku);
        var serial = errors.Id("serial", request.Serial);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var id = ReturnIds.For(caseId!, serial!);
        var view = await grains.GetGrain<IReturnGrain>(id).TakeBack(new TakeBackPart(caseId!, sku!, serial!, user.Name));
        return TypedResults.Created($"/api/returns/{id}", view);
    }

    static async Task<Ok<ReturnView>> GetReturn(string id, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IReturnGrain>(id).Get() ?? throw DomainException.NotFound("Return", id));

    static async Task<Ok<ReturnView>> Repaired(string id, GridUser user, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IReturnGrain>(id).MarkRepaired(user.Name));

    static async Task<Results<Ok<ReturnView>, ValidationProblem>> Inspected(string id, InspectionRequest request, GridUser user, IGrainFactory grains)
    {
        if (request.Passed is not { } passed)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["passed"] = ["'passed' is required: true or false."] });
        return TypedResults.Ok(await grains.GetGrain<IReturnGrain>(id).Inspect(passed, user.Name));
    }
}
