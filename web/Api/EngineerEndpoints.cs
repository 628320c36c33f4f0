using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using ServiceGrid.Events;
using ServiceGrid.Organization;
using ServiceGrid.Web.Security;

namespace ServiceGrid.Web.Api;

/// <summary>Field engineers: who is where, doing what; and their phones reporting positions.</summary>
public static class EngineerEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/engineers", ListEngineers).RequireAccess(Operation.ReadEngineers);
        api.MapGet("/engineers/{id:gridId}", GetEngineer).RequireAccess(Operation.ReadEngineer);
        api.MapPost("/engineers/{id:gridId}/location", ReportLocation).RequireAccess(Operation.ReportLocation);
    }

    static async Task<Results<Ok<ImmutableArray<EngineerView>>, ValidationProblem>> ListEngineers(
        string? branchId, IGrainFactory grains, IOrganizationDirectory organization)
    {
        if (branchId is null)
        {
            var (_, rosters) = await organization.AskEveryRegionAsync(grains, region => region.GetEngineers(null));
            return TypedResults.Ok(rosters.SelectMany(roster => roster).OrderBy(e => e.Id, StringComparer.Ordinal).ToImmutableArray());
        }
        var errors = new RequestErrors();
        var id = errors.Id("branchId", branchId);
        var branch = id is null ? null : await organization.FindBranchAsync(id);
        if (id is not null && branch is null) errors.Add("branchId", $"There is no branch '{id}'.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        return TypedResults.Ok(await grains.GetGrain<IRegionGrain>(branch!.RegionId).GetEngineers(branch.Id));
    }

    static async Task<Ok<EngineerView>> GetEngineer(string id, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IEngineerGrain>(id).Get() ?? throw DomainException.NotFound("Engineer", id));

    static async Task<Results<Ok<EngineerView>, ValidationProblem>> ReportLocation(string id, LocationRequest request, IGrainFactory grains)
    {
        var errors = new RequestErrors();
        var location = errors.Point("", request.Lat, request.Lon);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        return TypedResults.Ok(await grains.GetGrain<IEngineerGrain>(id).Move(location!));
    }
}
