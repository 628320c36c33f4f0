using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using ServiceGrid.Care;
using ServiceGrid.Organization;
using ServiceGrid.Web.Security;

namespace ServiceGrid.Web.Api;

/// <summary>
/// Service plan 4.7.5 at the customer service center: call-backs for the survey, every dissatisfied customer followed up
/// until the investigation's outcome is recorded, and the quarterly follow-up visits.
/// </summary>
public static class FollowUpEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/surveys/call-backs", CallBacks).RequireAccess(Operation.ReadFollowUps);
        api.MapGet("/surveys/follow-ups", FollowUps).RequireAccess(Operation.ReadFollowUps);
        api.MapPost("/surveys/follow-ups/{id:gridId}/outcome", RecordInvestigation).RequireAccess(Operation.RecordFollowUp);
        api.MapGet("/follow-up-visits", Visits).RequireAccess(Operation.ReadFollowUps);
        api.MapPost("/follow-up-visits/{id:gridId}/outcome", RecordVisit).RequireAccess(Operation.RecordFollowUp);
    }

    static Task<Results<Ok<ImmutableArray<ClosedCase>>, ValidationProblem>> CallBacks(string? region, IGrainFactory grains, IOrganizationDirectory organization) =>
        ListAsync(region, organization, regionId => Desk(grains).CallBacks(regionId));

    static Task<Results<Ok<ImmutableArray<ClosedCase>>, ValidationProblem>> FollowUps(string? region, IGrainFactory grains, IOrganizationDirectory organization) =>
        ListAsync(region, organization, regionId => Desk(grains).FollowUps(regionId));

    static Task<Results<Ok<ClosedCase>, ValidationProblem>> RecordInvestigation(string id, OutcomeRequest request, GridUser user, IGrainFactory grains) =>
        RecordAsync(request, outcome => Desk(grains).RecordInvestigation(id, outcome, user.Name));

    static Task<Results<Ok<ClosedCase>, ValidationProblem>> RecordVisit(string id, OutcomeRequest request, GridUser user, IGrainFactory grains) =>
        RecordAsync(request, outcome => Desk(grains).RecordVisit(id, outcome, user.Name));

    /// <summary>The quarter's drawn follow-up visits (<c>quarter=yyyy-Qn</c>; the desk refuses another spelling), each with its recorded outcome.</summary>
    static async Task<Results<Ok<FollowUpVisits>, ValidationProblem>> Visits(string? quarter, IGrainFactory grains)
    {
        var errors = new RequestErrors();
        var text = errors.Text("quarter", quarter, 7);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        return TypedResults.Ok(await Desk(grains).Visits(text!));
    }

    static async Task<Results<Ok<ImmutableArray<ClosedCase>>, ValidationProblem>> ListAsync(
        string? region, IOrganizationDirectory organization, Func<string?, Task<ImmutableArray<ClosedCase>>> list)
    {
        var errors = new RequestErrors();
        var regionId = errors.Id("region", region, required: false);
        if (regionId is not null && await organization.FindRegionAsync(regionId) is null) errors.Add("region", $"There is no region '{regionId}'.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        return TypedResults.Ok(await list(regionId));
    }

    static async Task<Results<Ok<ClosedCase>, ValidationProblem>> RecordAsync(OutcomeRequest request, Func<string, Task<ClosedCase>> record)
    {
        var errors = new RequestErrors();
        var outcome = errors.Text("outcome", request.Outcome, TextLimits.Long);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        return TypedResults.Ok(await record(outcome!));
    }

    static IFollowUpDeskGrain Desk(IGrainFactory grains) => grains.GetGrain<IFollowUpDeskGrain>(0);
}
