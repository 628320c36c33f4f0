using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using ServiceGrid.Care;
using ServiceGrid.Cases;
using ServiceGrid.Organization;
using ServiceGrid.Web.Field;
using ServiceGrid.Web.Security;

namespace ServiceGrid.Web.Api;

public sealed record AnswerRequest(string? Answer);

/// <summary>
/// The customer service center's console and the customers' portal (issue 17): find the caller, add to an open case
/// instead of a duplicate, answer a consultation on the spot, follow the engineer on the way.
/// </summary>
public static class CustomerCareEndpoints
{
    const int MaxQueryLength = 100;
    const int DefaultResults = 20;
    const int MaxResults = 50;

    public static IEndpointRouteBuilder MapCustomerCareApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Customer care");
        api.MapGet("/customers", SearchCustomers).RequireAccess(Operation.SearchCustomers);
        var cases = app.MapGroup("/api/cases").WithTags("Customer care").AsCaseCommands();
        cases.MapPost("/{id:gridId}/notes", AddNote).RequireAccess(Operation.AddNote);
        cases.MapPost("/{id:gridId}/answer", AnswerConsultation).RequireAccess(Operation.AnswerConsultation);
        cases.MapGet("/{id:gridId}/tracking", Track).RequireAccess(Operation.TrackCase);
        FollowUpEndpoints.Map(api);
        // The pages are plain files under wwwroot (no inline script: the CSP forbids it).
        app.MapFallbackToFile("/csc", "csc.html");
        app.MapFallbackToFile("/portal", "portal.html");
        return app;
    }

    /// <summary>Customers whose name, contact, phone, id or unit serial starts as <paramref name="q"/>, from the search index.</summary>
    static async Task<Results<Ok<ImmutableArray<CustomerCard>>, ValidationProblem>> SearchCustomers(string? q, string? limit, IGrainFactory grains)
    {
        var errors = new RequestErrors();
        var query = errors.Text("q", q, MaxQueryLength);
        if (query is not null && query.Any(char.IsControl)) errors.Add("q", "'q' may not hold control characters.");
        var count = DefaultResults;
        if (limit is not null && (!int.TryParse(limit, out count) || count is < 1 or > MaxResults))
            errors.Add("limit", $"'limit' must be a whole number from 1 to {MaxResults}.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        return TypedResults.Ok(await grains.GetGrain<ICustomerSearchGrain>(0).Search(query!, count));
    }

    static Task<Results<Ok<CaseView>, ValidationProblem>> AddNote(string id, NoteRequest request, GridUser user, IGrainFactory grains) =>
        CaseEndpoints.Run(user, (errors, actor) =>
        {
            var note = errors.Text("note", request.Note, TextLimits.Long);
            return () => grains.GetGrain<ICaseGrain>(id).AddNote(note!, actor);
        });

    static Task<Results<Ok<CaseView>, ValidationProblem>> AnswerConsultation(string id, AnswerRequest request, GridUser user, IGrainFactory grains) =>
        CaseEndpoints.Run(user, (errors, actor) =>
        {
            var answer = errors.Text("answer", request.Answer, TextLimits.Long);
            return () => grains.GetGrain<ICaseGrain>(id).AnswerConsultation(answer!, actor);
        });

    static async Task<Ok<CaseTracking>> Track(string id, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ICaseTrackingGrain>(0).Track(id));
}
