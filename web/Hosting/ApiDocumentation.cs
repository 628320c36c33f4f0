using System.Security.Cryptography;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace ServiceGrid.Web.Hosting;

/// <summary>
/// The API describes itself: an OpenAPI document generated from the mapped routes at <see cref="DocumentPath"/>, and a
/// browsable reference at <see cref="ReferencePath"/> whose script is served by the app (no internet). Both are public:
/// they say what the API accepts, never what the grid holds.
/// </summary>
public static class ApiDocumentation
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "/api/docs";
    const string BearerScheme = "Bearer";

    public static IServiceCollection AddServiceGridApiDocumentation(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "ServiceGrid",
                    Version = "v1",
                    Description = "The after-sales service grid's HTTP API. Every error is application/problem+json; "
                        + "sign in with POST /api/auth/token and send the token as 'Authorization: Bearer …'.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "A token from POST /api/auth/token (or the configured OpenID Connect issuer).",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer(DescribeSecurityAndErrors);
        });

    public static WebApplication MapServiceGridApiDocumentation(this WebApplication app)
    {
        app.MapOpenApi(DocumentPath).AllowAnonymous();
        app.MapScalarApiReference(ReferencePath, (scalar, http) =>
        {
            scalar.Title = "ServiceGrid API";
            scalar.OpenApiRoutePattern = DocumentPath;
            // Everything the page needs comes from this app: no web fonts, no telemetry, no request proxy elsewhere.
            scalar.DefaultFonts = false;
            scalar.Telemetry = false;
            scalar.ProxyUrl = null;
            scalar.Agent = new ScalarAgentOptions { Disabled = true };
            scalar.ShowDeveloperTools = DeveloperToolsVisibility.Never;
            scalar.AddPreferredSecuritySchemes(BearerScheme);
            // The page bootstraps with an inline module; it runs under a per-response nonce instead of a looser policy.
            // Hex, not base64: Scalar HTML-encodes the attribute, and a '+' or '/' would be written as an entity.
            scalar.Nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            http.Response.Headers.ContentSecurityPolicy =
                $"default-src 'self'; script-src 'self' 'nonce-{scalar.Nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                + "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";
        }).AllowAnonymous();
        return app;
    }

    /// <summary>
    /// Adds what the handlers' signatures cannot say, for every route alike: the bearer requirement and the problem
    /// details that the shared pipeline answers (API.md "Status codes"; <see cref="ProblemExceptionHandler"/>,
    /// <see cref="ClusterGate"/>, the rate limiter, the body limit).
    /// </summary>
    static async Task DescribeSecurityAndErrors(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var path = "/" + (description.RelativePath ?? "");
        var isCommand = description.HttpMethod is "POST" or "PUT" or "PATCH" or "DELETE";
        var takesBody = description.ParameterDescriptions.Any(p => p.Source == Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource.Body);
        var signedIn = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();

        if (signedIn)
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] });
            await AddProblem(operation, context, StatusCodes.Status401Unauthorized, "No valid bearer token.", cancellationToken);
            await AddProblem(operation, context, StatusCodes.Status403Forbidden, "The signed-in role may not do this here.", cancellationToken);
        }
        if (description.ParameterDescriptions.Count > 0)
            await AddProblem(operation, context, StatusCodes.Status400BadRequest, "A field or parameter is missing, malformed or out of range.", cancellationToken, validation: true);
        if (path.Contains('{'))
            await AddProblem(operation, context, StatusCodes.Status404NotFound, "No such case, branch, engineer, depot, customer or unit.", cancellationToken);
        if (isCommand && signedIn)
        {
            await AddProblem(operation, context, StatusCodes.Status409Conflict, "The current state does not allow this.", cancellationToken);
            await AddProblem(operation, context, StatusCodes.Status422UnprocessableEntity, "A rule of the service plan refuses it.", cancellationToken);
        }
        if (takesBody)
            await AddProblem(operation, context, StatusCodes.Status413PayloadTooLarge, "The body is larger than ServiceGrid:Http:MaxRequestBodyBytes.", cancellationToken);
        if (metadata.OfType<EnableRateLimitingAttribute>().Any())
            await AddProblem(operation, context, StatusCodes.Status429TooManyRequests, "Over the rate limit; retry after 'Retry-After' seconds.", cancellationToken);
        await AddProblem(operation, context, StatusCodes.Status503ServiceUnavailable, "The cluster or its database is not reachable; retry after 'Retry-After' seconds.", cancellationToken);
    }

    static async Task AddProblem(OpenApiOperation operation, OpenApiOperationTransformerContext context, int status, string text,
        CancellationToken cancellationToken, bool validation = false)
    {
        operation.Responses ??= [];
        var code = status.ToString();
        if (operation.Responses.TryGetValue(code, out var declared) && declared.Content is { Count: > 0 }) return;
        var schemaType = validation ? typeof(HttpValidationProblemDetails) : typeof(ProblemDetails);
        operation.Responses[code] = new OpenApiResponse
        {
            Description = text,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = await SchemaReference(context, schemaType, cancellationToken) },
            },
        };
    }

    /// <summary>One component per problem type, referenced from every response that answers it.</summary>
    static async Task<IOpenApiSchema> SchemaReference(OpenApiOperationTransformerContext context, Type type, CancellationToken cancellationToken)
    {
        var document = context.Document!;
        if (document.Components?.Schemas?.ContainsKey(type.Name) != true)
            document.AddComponent(type.Name, await context.GetOrCreateSchemaAsync(type, null, cancellationToken));
        return new OpenApiSchemaReference(type.Name, document);
    }
}
