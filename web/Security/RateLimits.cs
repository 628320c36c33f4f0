using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using ServiceGrid.Web.Hosting;

namespace ServiceGrid.Web.Security;

/// <summary>Request budgets (bound from <c>ServiceGrid:RateLimits</c>); 0 turns a limit off, e.g. for an integration or a benchmark.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "ServiceGrid:RateLimits";

    /// <summary>Cases one user may open per minute: far above an operator's pace, well below a runaway script's.</summary>
    [Range(0, 1_000_000)]
    public int IntakePerUserPerMinute { get; set; } = 120;

    /// <summary>Sign-in attempts per client address per minute, against password guessing.</summary>
    [Range(0, 1_000_000)]
    public int SignInPerAddressPerMinute { get; set; } = 30;
}

public static class RateLimitPolicies
{
    public const string Intake = "intake";
    public const string SignIn = "sign-in";

    public static IServiceCollection AddServiceGridRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<RateLimitOptions>(configuration, RateLimitOptions.Section);
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = RejectAsync;
            limiter.AddPolicy(Intake, http => PerMinute(http, o => o.IntakePerUserPerMinute, GridUser.From(http.User)?.Name ?? "anonymous"));
            limiter.AddPolicy(SignIn, http => PerMinute(http, o => o.SignInPerAddressPerMinute, http.Connection.RemoteIpAddress?.ToString() ?? "unknown"));
        });
        return services;
    }

    static RateLimitPartition<string> PerMinute(HttpContext http, Func<RateLimitOptions, int> limit, string key)
    {
        var permits = limit(http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value);
        return permits == 0
            ? RateLimitPartition.GetNoLimiter(key)
            : RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = permits,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            });
    }

    static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString();
        await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context.HttpContext,
            ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Detail = $"Too many requests; retry in {retryAfter.TotalSeconds:0} s." },
        });
    }
}
