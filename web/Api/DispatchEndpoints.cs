using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using ServiceGrid.Cases;
using ServiceGrid.Organization;
using ServiceGrid.Web.Field;
using ServiceGrid.Web.Security;

namespace ServiceGrid.Web.Api;

/// <summary>Issue 15: engineers as a resource, recommended candidates, the planner's policy per branch, and pins.</summary>
public static class DispatchEndpoints
{
    const int DefaultLimit = 5;
    const int MaxLimit = 50;

    public static IEndpointRouteBuilder MapDispatchApi(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases").WithTags("Dispatch").AsCaseCommands();
        cases.MapGet("/{id:gridId}/candidates", GetCandidates).RequireAccess(Operation.ReadCandidates);
        cases.MapPost("/{id:gridId}/pin", Pin).RequireAccess(Operation.Pin);
        cases.MapPost("/{id:gridId}/unpin", Unpin).RequireAccess(Operation.Pin);
        var api = app.MapGroup("/api").WithTags("Dispatch");
        api.MapGet("/branches/{id:gridId}/dispatch-policy", GetPolicy).RequireAccess(Operation.ReadBranchQueue);
        api.MapPut("/branches/{id:gridId}/dispatch-policy", SetPolicy).RequireAccess(Operation.SetDispatchPolicy);
        api.MapPut("/engineers/{id:gridId}/profile", SetProfile).RequireAccess(Operation.EditEngineerProfile);
        api.MapPut("/engineers/{id:gridId}/availability", SetAvailability).RequireAccess(Operation.SetAvailability);
        return app;
    }

    /// <summary>
    /// The best engineers for the case: of the branch holding it, of every branch of its region while it is in the pool,
    /// and, when HQ asks about an escalated case, of every branch of every region.
    /// </summary>
    static async Task<Results<Ok<CandidateList>, ValidationProblem>> GetCandidates(string id, string? limit, GridUser user, IGrainFactory grains)
    {
        var errors = new RequestErrors();
        var count = CaseListEndpoint.Number(errors, "limit", limit, 1, MaxLimit, DefaultLimit);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        return TypedResults.Ok(await grains.GetGrain<ICaseCandidatesGrain>(0).ForCase(id, user.Is(Roles.Headquarters), count));
    }

    static Task<Results<Ok<CaseView>, ValidationProblem>> Pin(string id, GridUser user, IGrainFactory grains) =>
        CaseEndpoints.Run(user, (_, actor) => () => grains.GetGrain<ICaseGrain>(id).Pin(actor));

    static Task<Results<Ok<CaseView>, ValidationProblem>> Unpin(string id, GridUser user, IGrainFactory grains) =>
        CaseEndpoints.Run(user, (_, actor) => () => grains.GetGrain<ICaseGrain>(id).Unpin(actor));

    static async Task<Ok<DispatchPolicyView>> GetPolicy(string id, IGrainFactory grains, IOrganizationDirectory organization)
    {
        var branch = await organization.FindBranchAsync(id) ?? throw DomainException.NotFound("Branch", id);
        return TypedResults.Ok(await grains.GetGrain<IDispatchGrain>(branch.RegionId).GetPolicy(branch.Id));
    }

    static async Task<Results<Ok<DispatchPolicyView>, ValidationProblem>> SetPolicy(
        string id, DispatchPolicyRequest request, IGrainFactory grains, IOrganizationDirectory organization)
    {
        var errors = new RequestErrors();
        var mode = errors.Enum<DispatchMode>("mode", request.Mode);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        var branch = await organization.FindBranchAsync(id) ?? throw DomainException.NotFound("Branch", id);
        return TypedResults.Ok(await grains.GetGrain<IDispatchGrain>(branch.RegionId).SetPolicy(branch.Id, mode!.Value));
    }

    static async Task<Results<Ok<EngineerView>, ValidationProblem>> SetProfile(string id, EngineerProfileRequest request, IGrainFactory grains)
    {
        var errors = new RequestErrors();
        var resource = request.Validate(errors);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        return TypedResults.Ok(await grains.GetGrain<IEngineerGrain>(id).SetResource(resource!));
    }

    static async Task<Results<Ok<EngineerView>, ValidationProblem>> SetAvailability(string id, AvailabilityRequest request, IGrainFactory grains)
    {
        var errors = new RequestErrors();
        var status = errors.Enum<EngineerStatus>("status", request.Status);
        var reason = errors.Text("reason", request.Reason, TextLimits.Title, required: false);
        var until = errors.Time("until", request.Until, required: false);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        return TypedResults.Ok(await grains.GetGrain<IEngineerGrain>(id).SetAvailability(status!.Value, reason, until));
    }
}
