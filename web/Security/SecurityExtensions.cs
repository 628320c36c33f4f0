using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ServiceGrid.Web.Security;

public static class SecurityExtensions
{
    /// <summary>The board hub's path; browsers cannot set headers on WebSockets, so it takes the token from the query.</summary>
    public const string HubsPath = "/hubs";

    /// <summary>Orleans' dashboard, whose page cannot set headers either: it takes the token from <see cref="DashboardCookie"/>.</summary>
    public const string DashboardPath = "/dashboard";
    public const string DashboardCookie = "servicegrid-dashboard";

    /// <summary>
    /// Sign-in, bearer tokens, authorization and rate limits. <paramref name="embedded"/> is the host's mode, decided by the
    /// composition root: embedded mode signs in the demo users by default and may sign with a key made at start.
    /// </summary>
    public static WebApplicationBuilder AddServiceGridSecurity(this WebApplicationBuilder builder, bool embedded)
    {
        var services = builder.Services;
        services.AddOptions<AuthOptions>()
            .Bind(builder.Configuration.GetSection(AuthOptions.Section))
            .PostConfigure(auth => auth.Embedded = embedded)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<SigningKey>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<UserDirectory>();
        services.AddSingleton<ValidatedTokens>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>, SigningKey, ValidatedTokens>((jwt, auth, key, validated) => ConfigureBearer(jwt, auth.Value, key, validated));
        services.AddAuthorization();
        services.AddServiceGridRateLimits(builder.Configuration);
        return builder;
    }

    public static WebApplication UseServiceGridSecurity(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    static void ConfigureBearer(JwtBearerOptions jwt, AuthOptions auth, SigningKey key, ValidatedTokens validated)
    {
        jwt.MapInboundClaims = false;
        jwt.Audience = auth.Audience;
        if (auth.Authority is { } authority)
        {
            jwt.Authority = authority;
            jwt.TokenValidationParameters.NameClaimType = GridUser.NameClaim;
            jwt.TokenValidationParameters.RoleClaimType = GridUser.RoleClaim;
        }
        else
        {
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = auth.Issuer,
                ValidAudience = auth.Audience,
                IssuerSigningKey = key.Key,
                NameClaimType = GridUser.NameClaim,
                RoleClaimType = GridUser.RoleClaim,
                ClockSkew = TimeSpan.FromSeconds(30),
            };
        }
        jwt.Events = new JwtBearerEvents
        {
            OnMessageReceived = context =>
            {
                if (context.HttpContext.Request.Path.StartsWithSegments(HubsPath)
                    && context.Request.Query["access_token"].FirstOrDefault() is { Length: > 0 } token)
                    context.Token = token;
                if (context.HttpContext.Request.Path.StartsWithSegments(DashboardPath)
                    && context.Request.Cookies[DashboardCookie] is { Length: > 0 } cookie && BearerToken(context.Request).IsEmpty)
                    context.Token = cookie;
                if (validated.TryGet(context.Token ?? BearerToken(context.Request), out var principal))
                {
                    context.Principal = principal;
                    context.Success();
                }
                return Task.CompletedTask;
            },
            OnTokenValidated = context =>
            {
                var principal = new GridPrincipal(context.Principal!);
                context.Principal = principal;
                if (context.SecurityToken is JsonWebToken { ValidTo: var expires } token && expires > DateTime.MinValue)
                    validated.Add(token.EncodedToken, principal, new DateTimeOffset(expires, TimeSpan.Zero));
                return Task.CompletedTask;
            },
        };
    }

    /// <summary>The token of an <c>Authorization: Bearer</c> header, read as JwtBearerHandler reads it; empty when there is none.</summary>
    static ReadOnlySpan<char> BearerToken(HttpRequest request)
    {
        const string Scheme = "Bearer ";
        var header = request.Headers.Authorization.ToString().AsSpan();
        return header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? header[Scheme.Length..].Trim() : default;
    }
}
