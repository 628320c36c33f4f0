using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ServiceGrid.Cases;
using ServiceGrid.Grains.Cases;

namespace ServiceGrid.Web.Api;

/// <summary>API.md "Cases": intake, tracking and every step of a case's life.</summary>
public static class CaseEndpoints
{
    const string IdempotencyKeyHeader = "Idempotency-Key";
    const int MaxIdempotencyKeyLength = 128;

    public static RouteGroupBuilder MapCaseApi(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases").WithTags("Cases");
        cases.MapPost("/", OpenCase);
        cases.MapGet("/", CaseListEndpoint.ListCases);
        cases.MapGet("/{id:gridId}", GetCase);
        cases.MapPost("/{id:gridId}/claim", Claim);
        cases.MapPost("/{id:gridId}/dispatch", Dispatch);
        cases.MapPost("/{id:gridId}/respond", Respond);
        cases.MapPost("/{id:gridId}/arrive", Arrive);
        cases.MapPost("/{id:gridId}/resolve", Resolve);
        cases.MapPost("/{id:gridId}/close", Close);
        cases.MapPost("/{id:gridId}/escalate", Escalate);
        cases.MapPost("/{id:gridId}/reassign", Reassign);
        cases.MapPost("/{id:gridId}/survey", Survey);
        cases.MapPost("/{id:gridId}/cancel", Cancel);
        cases.MapPost("/{id:gridId}/pause", Pause);
        cases.MapPost("/{id:gridId}/resume", Resume);
        return cases;
    }

    /// <summary>
    /// Opens a case. With an <c>Idempotency-Key</c>, the key (per actor) is bound to one case id before the case is
    /// opened, so retries, concurrent or after a crash, answer that case and never open a second one.
    /// </summary>
    static async Task<Results<Created<CaseView>, ValidationProblem>> OpenCase(
        OpenCaseRequest request, [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
        HttpRequest http, IGrainFactory grains, TimeProvider clock)
    {
        var errors = new RequestErrors();
        var actor = Actors.Of(http, errors);
        var command = request.Validate(errors, actor);
        if (idempotencyKey is not null && (idempotencyKey.Length is 0 or > MaxIdempotencyKeyLength || idempotencyKey.Any(char.IsControl)))
            errors.Add(IdempotencyKeyHeader, $"'{IdempotencyKeyHeader}' must be 1 to {MaxIdempotencyKeyLength} printable characters.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var newCaseId = CaseIds.New(clock);
        var view = idempotencyKey is null
            ? await grains.GetGrain<ICaseGrain>(newCaseId).Open(command!)
            : (await grains.GetGrain<IIntakeGrain>($"{actor}|{idempotencyKey}").Open(newCaseId, command!)).Case;
        return TypedResults.Created($"/api/cases/{view.Id}", view);
    }

    static async Task<Ok<CaseView>> GetCase(string id, IGrainFactory grains) =>
        TypedResults.Ok(await Case(grains, id).Get() ?? throw DomainException.NotFound("Case", id));

    static Task<Results<Ok<CaseView>, ValidationProblem>> Claim(string id, ClaimRequest request, HttpRequest http, IGrainFactory grains) =>
        Run(http, (errors, actor) =>
        {
            var branchId = errors.Id("branchId", request.BranchId);
            return () => Case(grains, id).Claim(branchId!, actor);
        });

    static Task<Results<Ok<CaseView>, ValidationProblem>> Dispatch(string id, DispatchRequest request, HttpRequest http, IGrainFactory grains) =>
        Run(http, (errors, actor) =>
        {
            var engineerId = errors.Id("engineerId", request.EngineerId);
            return () => Case(grains, id).Dispatch(engineerId!, actor);
        });

    static Task<Results<Ok<CaseView>, ValidationProblem>> Respond(string id, NoteRequest request, HttpRequest http, IGrainFactory grains) =>
        Run(http, (errors, actor) =>
        {
            var note = errors.Text("note", request.Note, TextLimits.Long);
            return () => Case(grains, id).Respond(note!, actor);
        });

    static Task<Results<Ok<CaseView>, ValidationProblem>> Arrive(string id, HttpRequest http, IGrainFactory grains) =>
        Run(http, (_, actor) => () => Case(grains, id).Arrive(actor));

    static Task<Results<Ok<CaseView>, ValidationProblem>> Resolve(string id, ResolveRequest request, HttpRequest http, IGrainFactory grains) =>
        Run(http, (errors, actor) =>
        {
            var command = request.Validate(errors, actor);
            return () => Case(grains, id).Resolve(command!);
        });

    static Task<Results<Ok<CaseView>, ValidationProblem>> Close(string id, HttpRequest http, IGrainFactory grains) =>
        Run(http, (_, actor) => () => Case(grains, id).Close(actor));

    static Task<Results<Ok<CaseView>, ValidationProblem>> Escalate(string id, ReasonRequest request, HttpRequest http, IGrainFactory grains) =>
        WithReason(request, http, (reason, actor) => Case(grains, id).Escalate(reason, actor));

    static Task<Results<Ok<CaseView>, ValidationProblem>> Cancel(string id, ReasonRequest request, HttpRequest http, IGrainFactory grains) =>
        WithReason(request, http, (reason, actor) => Case(grains, id).Cancel(reason, actor));

    static Task<Results<Ok<CaseView>, ValidationProblem>> Pause(string id, ReasonRequest request, HttpRequest http, IGrainFactory grains) =>
        WithReason(request, http, (reason, actor) => Case(grains, id).Pause(reason, actor));

    static Task<Results<Ok<CaseView>, ValidationProblem>> Resume(string id, ReasonRequest request, HttpRequest http, IGrainFactory grains) =>
        WithReason(request, http, (reason, actor) => Case(grains, id).Resume(reason, actor));

    static Task<Results<Ok<CaseView>, ValidationProblem>> Reassign(string id, ReassignRequest request, HttpRequest http, IGrainFactory grains) =>
        Run(http, (errors, actor) =>
        {
            var branchId = errors.Id("branchId", request.BranchId, required: false);
            var engineerId = errors.Id("engineerId", request.EngineerId, required: false);
            if (branchId is null && engineerId is null) errors.Add("branchId", "Give a branchId, an engineerId, or both.");
            return () => Case(grains, id).Reassign(new ReassignCase(branchId, engineerId, actor));
        });

    static Task<Results<Ok<CaseView>, ValidationProblem>> Survey(string id, SurveyRequest request, HttpRequest http, IGrainFactory grains) =>
        Run(http, (errors, actor) =>
        {
            var score = errors.Range("score", request.Score, 1, 5);
            var comment = errors.Text("comment", request.Comment, TextLimits.Long, required: false);
            return () => Case(grains, id).Survey(score!.Value, comment, actor);
        });

    static Task<Results<Ok<CaseView>, ValidationProblem>> WithReason(
        ReasonRequest request, HttpRequest http, Func<string, string, Task<CaseView>> command) =>
        Run(http, (errors, actor) =>
        {
            var reason = errors.Text("reason", request.Reason, TextLimits.Long);
            return () => command(reason!, actor);
        });

    /// <summary>Validates the request (the actor included) and runs the command only when nothing is wrong with it.</summary>
    static async Task<Results<Ok<CaseView>, ValidationProblem>> Run(HttpRequest http, Func<RequestErrors, string, Func<Task<CaseView>>> validate)
    {
        var errors = new RequestErrors();
        var actor = Actors.Of(http, errors);
        var command = validate(errors, actor);
        return errors.Any ? TypedResults.ValidationProblem(errors.ToDictionary()) : TypedResults.Ok(await command());
    }

    static ICaseGrain Case(IGrainFactory grains, string id) => grains.GetGrain<ICaseGrain>(id);
}
