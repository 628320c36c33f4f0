using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ServiceGrid.Cases;
using ServiceGrid.Web.Field;
using ServiceGrid.Web.Security;

namespace ServiceGrid.Web.Api;

/// <summary>API.md "Cases": intake, tracking and every step of a case's life.</summary>
public static class CaseEndpoints
{
    public static RouteGroupBuilder MapCaseApi(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases").WithTags("Cases").AsCaseCommands();
        cases.MapPost("/", OpenCase).RequireAccess(Operation.OpenCase).RequireRateLimiting(RateLimitPolicies.Intake);
        cases.MapGet("/", CaseListEndpoint.ListCases).RequireAccess(Operation.ListCases);
        cases.MapGet("/{id:gridId}", GetCase).RequireAccess(Operation.ReadCase);
        cases.MapPost("/{id:gridId}/claim", Claim).RequireAccess(Operation.Claim);
        cases.MapPost("/{id:gridId}/dispatch", Dispatch).RequireAccess(Operation.Dispatch);
        cases.MapPost("/{id:gridId}/respond", Respond).RequireAccess(Operation.WorkCase);
        cases.MapPost("/{id:gridId}/arrive", Arrive).RequireAccess(Operation.WorkCase);
        cases.MapPost("/{id:gridId}/resolve", Resolve).RequireAccess(Operation.WorkCase);
        cases.MapPost("/{id:gridId}/close", Close).RequireAccess(Operation.Close);
        cases.MapPost("/{id:gridId}/escalate", Escalate).RequireAccess(Operation.Escalate);
        cases.MapPost("/{id:gridId}/reassign", Reassign).RequireAccess(Operation.Reassign);
        cases.MapPost("/{id:gridId}/survey", Survey).RequireAccess(Operation.Survey);
        cases.MapPost("/{id:gridId}/cancel", Cancel).RequireAccess(Operation.Cancel);
        cases.MapPost("/{id:gridId}/pause", Pause).RequireAccess(Operation.Hold);
        cases.MapPost("/{id:gridId}/resume", Resume).RequireAccess(Operation.Hold);
        return cases;
    }

    /// <summary>
    /// Opens a case. With an <c>Idempotency-Key</c>, the key (per actor) is bound to one case id before the case is
    /// opened, so retries, concurrent or after a crash, answer that case and never open a second one.
    /// </summary>
    static async Task<Results<Created<CaseView>, ValidationProblem>> OpenCase(
        OpenCaseRequest request, [FromHeader(Name = IdempotencyKeys.Header)] string? idempotencyKey,
        GridUser user, IGrainFactory grains, TimeProvider clock)
    {
        var errors = new RequestErrors();
        var actor = user.Name;
        var command = request.Validate(errors, actor);
        IdempotencyKeys.Check(errors, idempotencyKey);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var newCaseId = CaseIds.New(clock);
        var view = idempotencyKey is null
            ? await grains.GetGrain<ICaseGrain>(newCaseId).Open(command!)
            : (await grains.GetGrain<IIntakeGrain>($"{actor}|{idempotencyKey}").Open(newCaseId, command!)).Case;
        return TypedResults.Created($"/api/cases/{view.Id}", view);
    }

    static async Task<Ok<CaseView>> GetCase(string id, IGrainFactory grains) =>
        TypedResults.Ok(await Case(grains, id).Get() ?? throw DomainException.NotFound("Case", id));

    static Task<Results<Ok<CaseView>, ValidationProblem>> Claim(string id, ClaimRequest request, GridUser user, IGrainFactory grains) =>
        Run(user, (errors, actor) =>
        {
            var branchId = errors.Id("branchId", request.BranchId);
            return () => Case(grains, id).Claim(branchId!, actor);
        });

    static Task<Results<Ok<CaseView>, ValidationProblem>> Dispatch(string id, DispatchRequest request, GridUser user, IGrainFactory grains) =>
        Run(user, (errors, actor) =>
        {
            var engineerId = errors.Id("engineerId", request.EngineerId);
            return () => Case(grains, id).Dispatch(engineerId!, actor);
        });

    static Task<Results<Ok<CaseView>, ValidationProblem>> Respond(string id, NoteRequest request, GridUser user, IGrainFactory grains) =>
        Run(user, (errors, actor) =>
        {
            var note = errors.Text("note", request.Note, TextLimits.Long);
            return () => Case(grains, id).Respond(note!, actor);
        });

    static Task<Results<Ok<CaseView>, ValidationProblem>> Arrive(string id, GridUser user, IGrainFactory grains) =>
        Run(user, (_, actor) => () => Case(grains, id).Arrive(actor));

    static Task<Results<Ok<CaseView>, ValidationProblem>> Resolve(string id, ResolveRequest request, GridUser user, IGrainFactory grains) =>
        Run(user, (errors, actor) =>
        {
            var command = request.Validate(errors, actor);
            return () => Case(grains, id).Resolve(command!);
        });

    static Task<Results<Ok<CaseView>, ValidationProblem>> Close(string id, GridUser user, IGrainFactory grains) =>
        Run(user, (_, actor) => () => Case(grains, id).Close(actor));

    static Task<Results<Ok<CaseView>, ValidationProblem>> Escalate(string id, ReasonRequest request, GridUser user, IGrainFactory grains) =>
        WithReason(request, user, (reason, actor) => Case(grains, id).Escalate(reason, actor));

    static Task<Results<Ok<CaseView>, ValidationProblem>> Cancel(string id, ReasonRequest request, GridUser user, IGrainFactory grains) =>
        WithReason(request, user, (reason, actor) => Case(grains, id).Cancel(reason, actor));

    static Task<Results<Ok<CaseView>, ValidationProblem>> Pause(string id, ReasonRequest request, GridUser user, IGrainFactory grains) =>
        WithReason(request, user, (reason, actor) => Case(grains, id).Pause(reason, actor));

    static Task<Results<Ok<CaseView>, ValidationProblem>> Resume(string id, ReasonRequest request, GridUser user, IGrainFactory grains) =>
        WithReason(request, user, (reason, actor) => Case(grains, id).Resume(reason, actor));

    static Task<Results<Ok<CaseView>, ValidationProblem>> Reassign(string id, ReassignRequest request, GridUser user, IGrainFactory grains) =>
        Run(user, (errors, actor) =>
        {
            var branchId = errors.Id("branchId", request.BranchId, required: false);
            var engineerId = errors.Id("engineerId", request.EngineerId, required: false);
            if (branchId is null && engineerId is null) errors.Add("branchId", "Give a branchId, an engineerId, or both.");
            return () => Case(grains, id).Reassign(new ReassignCase(branchId, engineerId, actor));
        });

    static Task<Results<Ok<CaseView>, ValidationProblem>> Survey(string id, SurveyRequest request, GridUser user, IGrainFactory grains) =>
        Run(user, (errors, actor) =>
        {
            var score = errors.Range("score", request.Score, 1, 5);
            var comment = errors.Text("comment", request.Comment, TextLimits.Long, required: false);
            return () => Case(grains, id).Survey(score!.Value, comment, actor);
        });

    static Task<Results<Ok<CaseView>, ValidationProblem>> WithReason(
        ReasonRequest request, GridUser user, Func<string, string, Task<CaseView>> command) =>
        Run(user, (errors, actor) =>
        {
            var reason = errors.Text("reason", request.Reason, TextLimits.Long);
            return () => command(reason!, actor);
        });

    /// <summary>Validates the request and runs the command only when nothing is wrong with it.</summary>
    internal static async Task<Results<Ok<CaseView>, ValidationProblem>> Run(GridUser user, Func<RequestErrors, string, Func<Task<CaseView>>> validate)
    {
        var errors = new RequestErrors();
        var command = validate(errors, user.Name);
        return errors.Any ? TypedResults.ValidationProblem(errors.ToDictionary()) : TypedResults.Ok(await command());
    }

    static ICaseGrain Case(IGrainFactory grains, string id) => grains.GetGrain<ICaseGrain>(id);
}
