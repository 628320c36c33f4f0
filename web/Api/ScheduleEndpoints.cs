using Microsoft.AspNetCore.Http.HttpResults;
using ServiceGrid.Organization;
using ServiceGrid.Schedule;
using ServiceGrid.Web.Security;

namespace ServiceGrid.Web.Api;

/// <summary>Issue 18: a region's day on the schedule board, and its re-plans (propose, apply, discard).</summary>
public static class ScheduleEndpoints
{
    const int MaxHorizonDays = 13;
    const double MaxTimeLimitSeconds = 600;

    public static IEndpointRouteBuilder MapScheduleApi(this IEndpointRouteBuilder app)
    {
        var regions = app.MapGroup("/api/regions").WithTags("Schedule");
        regions.MapGet("/{id:gridId}/schedule", GetSchedule).RequireAccess(Operation.ReadSchedule);
        regions.MapPost("/{id:gridId}/replan", Propose).RequireAccess(Operation.Replan);
        regions.MapPost("/{id:gridId}/replan/{proposalId:gridId}/apply", Apply).RequireAccess(Operation.Replan);
        regions.MapDelete("/{id:gridId}/replan/{proposalId:gridId}", Discard).RequireAccess(Operation.Replan);
        return app;
    }

    static async Task<Results<Ok<RegionSchedule>, ValidationProblem>> GetSchedule(
        string id, string? date, IGrainFactory grains, IOrganizationDirectory organization, TimeProvider clock)
    {
        var errors = new RequestErrors();
        var day = PlanDates.Parse(errors, date, clock.GetUtcNow());
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        return TypedResults.Ok(await (await ScheduleAsync(grains, organization, id)).GetSchedule(day!.Value));
    }

    static async Task<Results<Ok<ReplanProposal>, ValidationProblem>> Propose(
        string id, ReplanRequest? request, IGrainFactory grains, IOrganizationDirectory organization)
    {
        var errors = new RequestErrors();
        var horizon = request?.HorizonDays is { } days ? errors.Range("horizonDays", days, 0, MaxHorizonDays) : null;
        if (request?.TimeLimitSeconds is { } seconds && (double.IsNaN(seconds) || seconds < 0.1 || seconds > MaxTimeLimitSeconds))
            errors.Add("timeLimitSeconds", $"'timeLimitSeconds' must be from 0.1 to {MaxTimeLimitSeconds}.");
        if (request?.VisitId is { } visit && string.IsNullOrWhiteSpace(visit)) errors.Add("visitId", "'visitId' must name a visit.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        var limit = request?.TimeLimitSeconds is { } asked ? TimeSpan.FromSeconds(asked) : (TimeSpan?)null;
        var schedule = await ScheduleAsync(grains, organization, id);
        return TypedResults.Ok(request?.VisitId is { } visitId
            ? await schedule.ProposeInsertion(visitId, horizon, limit)
            : await schedule.Propose(horizon, limit));
    }

    static async Task<Ok<AppliedPlan>> Apply(string id, string proposalId, GridUser user, IGrainFactory grains, IOrganizationDirectory organization) =>
        TypedResults.Ok(await (await ScheduleAsync(grains, organization, id)).Apply(proposalId, user.Name));

    static async Task<NoContent> Discard(string id, string proposalId, IGrainFactory grains, IOrganizationDirectory organization)
    {
        await (await ScheduleAsync(grains, organization, id)).Discard(proposalId);
        return TypedResults.NoContent();
    }

    static async Task<IScheduleGrain> ScheduleAsync(IGrainFactory grains, IOrganizationDirectory organization, string regionId)
    {
        var region = await organization.FindRegionAsync(regionId) ?? throw DomainException.NotFound("Region", regionId);
        return grains.GetGrain<IScheduleGrain>(region.Id);
    }
}
