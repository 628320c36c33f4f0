using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ServiceGrid.Cases;
using ServiceGrid.Schedule;
using ServiceGrid.Web.Field;
using ServiceGrid.Web.Security;

namespace ServiceGrid.Web.Api;

/// <summary>Issue 18: a case's visits, their plan by hand and in the field, an engineer's day, and the customer's slot offers.</summary>
public static class VisitEndpoints
{
    const int DefaultSlotDays = 14;
    const int MaxSlotDays = 31;

    public static IEndpointRouteBuilder MapVisitApi(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases").WithTags("Visits").AsCaseCommands();
        cases.MapPost("/{id:gridId}/visits", Book).RequireAccess(Operation.BookVisit);
        cases.MapGet("/{id:gridId}/visits", List).RequireAccess(Operation.ReadCase);
        cases.MapPut("/{id:gridId}/visits/{visitId:gridId}/plan", Plan).RequireAccess(Operation.PlanVisit);
        cases.MapPost("/{id:gridId}/visits/{visitId:gridId}/unpin", Unpin).RequireAccess(Operation.PlanVisit);
        cases.MapPost("/{id:gridId}/visits/{visitId:gridId}/cancel", Cancel).RequireAccess(Operation.PlanVisit);
        cases.MapPost("/{id:gridId}/visits/{visitId:gridId}/travel", Travel).RequireAccess(Operation.WorkVisit);
        cases.MapPost("/{id:gridId}/visits/{visitId:gridId}/arrive", Arrive).RequireAccess(Operation.WorkVisit);
        cases.MapPost("/{id:gridId}/visits/{visitId:gridId}/done", Done).RequireAccess(Operation.WorkVisit);
        cases.MapGet("/{id:gridId}/slots", Slots).RequireAccess(Operation.ReadSlots);
        app.MapGroup("/api").WithTags("Visits").MapGet("/engineers/{id:gridId}/plan", EngineerPlan).RequireAccess(Operation.ReadEngineerPlan);
        return app;
    }

    /// <summary>With an <c>Idempotency-Key</c> the visit's id comes from the key, so a retry (even after a crash) books nothing twice.</summary>
    static async Task<Results<Created<VisitView>, ValidationProblem>> Book(
        string id, BookVisitRequest request, [FromHeader(Name = IdempotencyKeys.Header)] string? idempotencyKey,
        GridUser user, IGrainFactory grains, TimeProvider clock)
    {
        var visitId = idempotencyKey is null
            ? $"v-{Guid.NewGuid():N}"
            : $"v-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{user.Name}\n{idempotencyKey}\n{id}")))[..32]}";
        var errors = new RequestErrors();
        var command = request.Validate(errors, visitId, id, user.Name, clock.GetUtcNow());
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        var view = await (await ScheduleOfAsync(grains, id)).Book(command!);
        return TypedResults.Created($"/api/cases/{id}/visits", view);
    }

    static async Task<Ok<ImmutableArray<VisitView>>> List(string id, IGrainFactory grains) =>
        TypedResults.Ok(await (await ScheduleOfAsync(grains, id)).GetVisits(id));

    static async Task<Results<Ok<VisitView>, ValidationProblem>> Plan(string id, string visitId, PlanVisitRequest request, GridUser user, IGrainFactory grains)
    {
        var errors = new RequestErrors();
        var engineerId = errors.Id("engineerId", request.EngineerId);
        var start = errors.Time("plannedStart", request.PlannedStart);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        return TypedResults.Ok(await (await ScheduleOfAsync(grains, id)).PlanByHand(id, visitId, engineerId!, start!.Value, user.Name, request.Force ?? false));
    }

    static Task<Ok<VisitView>> Unpin(string id, string visitId, GridUser user, IGrainFactory grains) =>
        Run(grains, id, schedule => schedule.Unpin(id, visitId, user.Name));

    static Task<Ok<VisitView>> Travel(string id, string visitId, GridUser user, IGrainFactory grains) =>
        Run(grains, id, schedule => schedule.StartTravel(id, visitId, user.Name));

    static Task<Ok<VisitView>> Arrive(string id, string visitId, GridUser user, IGrainFactory grains) =>
        Run(grains, id, schedule => schedule.Arrive(id, visitId, user.Name));

    static Task<Ok<VisitView>> Done(string id, string visitId, GridUser user, IGrainFactory grains) =>
        Run(grains, id, schedule => schedule.Done(id, visitId, user.Name));

    static async Task<Results<Ok<VisitView>, ValidationProblem>> Cancel(string id, string visitId, ReasonRequest request, GridUser user, IGrainFactory grains)
    {
        var errors = new RequestErrors();
        var reason = errors.Text("reason", request.Reason, TextLimits.Long);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        return TypedResults.Ok(await (await ScheduleOfAsync(grains, id)).Cancel(id, visitId, reason!, user.Name));
    }

    static async Task<Results<Ok<SlotList>, ValidationProblem>> Slots(string id, string? days, IGrainFactory grains)
    {
        var errors = new RequestErrors();
        var count = CaseListEndpoint.Number(errors, "days", days, 1, MaxSlotDays, DefaultSlotDays);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        return TypedResults.Ok(await (await ScheduleOfAsync(grains, id)).Slots(id, count));
    }

    static async Task<Results<Ok<EngineerPlan>, ValidationProblem>> EngineerPlan(string id, string? date, IGrainFactory grains, TimeProvider clock)
    {
        var errors = new RequestErrors();
        var day = PlanDates.Parse(errors, date, clock.GetUtcNow());
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        var engineer = await grains.GetGrain<Organization.IEngineerGrain>(id).Get() ?? throw DomainException.NotFound("Engineer", id);
        return TypedResults.Ok(await grains.GetGrain<IScheduleGrain>(engineer.RegionId).GetEngineerPlan(engineer.Id, day!.Value));
    }

    static async Task<Ok<VisitView>> Run(IGrainFactory grains, string caseId, Func<IScheduleGrain, Task<VisitView>> command) =>
        TypedResults.Ok(await command(await ScheduleOfAsync(grains, caseId)));

    /// <summary>The schedule of the case's region, which owns the case's visits.</summary>
    internal static async Task<IScheduleGrain> ScheduleOfAsync(IGrainFactory grains, string caseId)
    {
        var view = await grains.GetGrain<ICaseGrain>(caseId).Get() ?? throw DomainException.NotFound("Case", caseId);
        return grains.GetGrain<IScheduleGrain>(view.Region);
    }
}
