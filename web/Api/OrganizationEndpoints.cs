using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using ServiceGrid.Cases;
using ServiceGrid.Events;
using ServiceGrid.Organization;
using ServiceGrid.Web.Security;

namespace ServiceGrid.Web.Api;

/// <summary>A branch support center with how many cases its region's pool and its own hands hold.</summary>
public sealed record BranchSummary(string Id, string Name, string RegionId, GeoPoint Location, string DepotId, int OpenCases, int HeldCases);

/// <summary>A region: its pool of open cases, its active cases, how many of them HQ owns, and its branches.</summary>
public sealed record RegionSummary(string Id, string Name, int OpenCases, int ActiveCases, int AtHeadquarters, ImmutableArray<BranchSummary> Branches);

/// <summary>API.md "Organization, engineers, depots", and the installed base's customers.</summary>
public static class OrganizationEndpoints
{
    public static IEndpointRouteBuilder MapOrganizationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Organization");
        api.MapGet("/regions", ListRegions).RequireAccess(Operation.ReadOrganization);
        api.MapGet("/branches", ListBranches).RequireAccess(Operation.ReadOrganization);
        api.MapGet("/branches/{id:gridId}/queue", GetBranchQueue).RequireAccess(Operation.ReadBranchQueue);
        api.MapGet("/escalations", GetEscalations).RequireAccess(Operation.ReadEscalations);
        api.MapGet("/customers/{id:gridId}", GetCustomer).RequireAccess(Operation.ReadCustomer);
        api.MapGet("/depots/{id:gridId}/stock", GetDepotStock).RequireAccess(Operation.ReadStock);
        EngineerEndpoints.Map(api);
        return app;
    }

    static async Task<Ok<ImmutableArray<RegionSummary>>> ListRegions(IGrainFactory grains, IOrganizationDirectory organization) =>
        TypedResults.Ok(await SummarizeAsync(grains, organization));

    static async Task<Ok<ImmutableArray<BranchSummary>>> ListBranches(IGrainFactory grains, IOrganizationDirectory organization) =>
        TypedResults.Ok((await SummarizeAsync(grains, organization)).SelectMany(region => region.Branches).ToImmutableArray());

    /// <summary>The region's pool (open, unclaimed) and the cases this branch holds, next deadline first.</summary>
    static async Task<Ok<ImmutableArray<CaseView>>> GetBranchQueue(string id, IGrainFactory grains, IOrganizationDirectory organization)
    {
        var branch = await organization.FindBranchAsync(id) ?? throw DomainException.NotFound("Branch", id);
        return TypedResults.Ok(await grains.GetGrain<IRegionGrain>(branch.RegionId).GetQueue(branch.Id));
    }

    /// <summary>HQ's inbox: every case owned by tier 1, breached first.</summary>
    static async Task<Ok<ImmutableArray<CaseView>>> GetEscalations(IGrainFactory grains, IOrganizationDirectory organization)
    {
        var (_, inboxes) = await organization.AskEveryRegionAsync(grains, region => region.GetEscalations());
        return TypedResults.Ok(inboxes.SelectMany(inbox => inbox)
            .BreachedFirst().ToImmutableArray());
    }

    static async Task<Ok<CustomerView>> GetCustomer(string id, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ICustomerGrain>(id).Get() ?? throw DomainException.NotFound("Customer", id));

    static async Task<Ok<ImmutableArray<StockLine>>> GetDepotStock(string id, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IDepotGrain>(id).GetStock() ?? throw DomainException.NotFound("Depot", id));

    static async Task<ImmutableArray<RegionSummary>> SummarizeAsync(IGrainFactory grains, IOrganizationDirectory organization)
    {
        var (chart, counts) = await organization.AskEveryRegionAsync(grains, region => region.GetCounts());
        return chart.Regions.Zip(counts, (region, count) => new RegionSummary(
            region.Id, region.Name, count.Open, count.Active, count.AtHeadquarters,
            region.Branches.Select(branch => new BranchSummary(
                branch.Id, branch.Name, region.Id, branch.Location, branch.DepotId, count.Open,
                count.HeldByBranch.GetValueOrDefault(branch.Id))).ToImmutableArray()))
            .ToImmutableArray();
    }
}
