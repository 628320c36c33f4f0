using Microsoft.AspNetCore.Http.HttpResults;
using ServiceGrid.Cases;
using ServiceGrid.Web.Field;
using ServiceGrid.Web.Security;

namespace ServiceGrid.Web.Api;

/// <summary>API.md "customer care" on a case: a complaint's corrective action notice, a relocation's plan (filed, approved or rejected), a substitute unit.</summary>
public static class CareEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases").WithTags("Cases").AsCaseCommands();
        cases.MapPost("/{id:gridId}/capa", IssueCapa).RequireAccess(Operation.Capa);
        cases.MapPost("/{id:gridId}/capa/close", CloseCapa).RequireAccess(Operation.Capa);
        cases.MapPost("/{id:gridId}/relocation-plan", PlanRelocation).RequireAccess(Operation.PlanRelocation);
        cases.MapPost("/{id:gridId}/relocation-plan/approve", ApproveRelocation).RequireAccess(Operation.ApproveRelocation);
        cases.MapPost("/{id:gridId}/relocation-plan/reject", RejectRelocation).RequireAccess(Operation.RejectRelocation);
        cases.MapPost("/{id:gridId}/substitute", LendSubstitute).RequireAccess(Operation.Substitute);
        cases.MapPost("/{id:gridId}/substitute/return", ReturnSubstitute).RequireAccess(Operation.Substitute);
    }

    static Task<Results<Ok<CaseView>, ValidationProblem>> IssueCapa(string id, CapaRequest request, GridUser user, IGrainFactory grains) =>
        CaseEndpoints.Run(user, (errors, actor) =>
        {
            var department = errors.Text("department", request.Department, TextLimits.Title);
            var action = errors.Text("action", request.Action, TextLimits.Long);
            var dueAt = errors.Time("dueAt", request.DueAt);
            return () => Case(grains, id).IssueCapa(department!, action!, dueAt!.Value, actor);
        });

    static Task<Results<Ok<CaseView>, ValidationProblem>> CloseCapa(string id, OutcomeRequest request, GridUser user, IGrainFactory grains) =>
        CaseEndpoints.Run(user, (errors, actor) =>
        {
            var outcome = errors.Text("outcome", request.Outcome, TextLimits.Long);
            return () => Case(grains, id).CloseCapa(outcome!, actor);
        });

    static Task<Results<Ok<CaseView>, ValidationProblem>> PlanRelocation(string id, RelocationPlanRequest request, GridUser user, IGrainFactory grains) =>
        CaseEndpoints.Run(user, (errors, actor) =>
        {
            var plan = request.Validate(errors);
            return () => Case(grains, id).PlanRelocation(plan!, actor);
        });

    static Task<Results<Ok<CaseView>, ValidationProblem>> ApproveRelocation(string id, GridUser user, IGrainFactory grains) =>
        CaseEndpoints.Run(user, (_, actor) => () => Case(grains, id).ApproveRelocation(actor));

    static Task<Results<Ok<CaseView>, ValidationProblem>> RejectRelocation(string id, ReasonRequest request, GridUser user, IGrainFactory grains) =>
        CaseEndpoints.Run(user, (errors, actor) =>
        {
            var reason = errors.Text("reason", request.Reason, TextLimits.Long);
            return () => Case(grains, id).RejectRelocation(reason!, actor);
        });

    static Task<Results<Ok<CaseView>, ValidationProblem>> LendSubstitute(string id, SubstituteRequest request, GridUser user, IGrainFactory grains) =>
        CaseEndpoints.Run(user, (errors, actor) =>
        {
            var serial = errors.Id("serial", request.Serial);
            return () => Case(grains, id).LendSubstitute(serial!, actor);
        });

    static Task<Results<Ok<CaseView>, ValidationProblem>> ReturnSubstitute(string id, GridUser user, IGrainFactory grains) =>
        CaseEndpoints.Run(user, (_, actor) => () => Case(grains, id).ReturnSubstitute(actor));

    static ICaseGrain Case(IGrainFactory grains, string id) => grains.GetGrain<ICaseGrain>(id);
}
