using Microsoft.AspNetCore.Http.HttpResults;
using ServiceGrid.Web.Api;

namespace ServiceGrid.Web.Security;

public sealed record TokenRequest(string? Username, string? Password);

public sealed record TokenAnswer(string AccessToken, DateTimeOffset ExpiresAt);

/// <summary><c>POST /api/auth/token</c>: the built-in sign-in, absent when an external OpenID Connect issuer is configured.</summary>
public static class TokenEndpoints
{
    const int MaxPasswordLength = 256;

    public static IEndpointRouteBuilder MapTokenApi(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuthOptions>>().Value.Authority is null)
        {
            app.MapPost("/api/auth/token", IssueToken).WithTags("Sign-in").AllowAnonymous().RequireRateLimiting(RateLimitPolicies.SignIn);
        }
        return app;
    }

    static async Task<Results<Ok<TokenAnswer>, ValidationProblem, ProblemHttpResult>> IssueToken(
        TokenRequest request, UserDirectory users, TokenIssuer tokens)
    {
        var errors = new RequestErrors();
        var username = errors.Text("username", request.Username, GridIdConstraint.MaxLength);
        var password = errors.Text("password", request.Password, MaxPasswordLength);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        if (await users.SignInAsync(username!, password!) is not { } user)
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, detail: "Unknown user or wrong password.");
        var (accessToken, expiresAt) = tokens.Issue(user);
        return TypedResults.Ok(new TokenAnswer(accessToken, expiresAt));
    }
}
