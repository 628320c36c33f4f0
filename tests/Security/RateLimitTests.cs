using System.Net;
using System.Net.Http.Json;
using ServiceGrid.Tests.Web;

namespace ServiceGrid.Tests.Security;

/// <summary>The web process with small budgets: 3 cases per user per minute, 5 sign-ins per address per minute.</summary>
public sealed class TightLimitsFixture : WebFixture
{
    public TightLimitsFixture()
    {
        Settings["ServiceGrid:RateLimits:IntakePerUserPerMinute"] = "3";
        Settings["ServiceGrid:RateLimits:SignInPerAddressPerMinute"] = "5";
    }
}

public sealed class RateLimitTests(TightLimitsFixture web) : IClassFixture<TightLimitsFixture>
{
    [Fact]
    public async Task Intake_over_the_per_user_budget_is_429_with_retry_after_and_other_users_go_on()
    {
        var csc = web.Api("csc");
        for (var i = 0; i < 3; i++) await csc.OpenCaseAsync(region: "north");

        using var refused = await csc.PostAsync("/api/cases", ApiClient.OpenBody(region: "north"));

        await ApiClient.ProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single()), 1, 60);
        await web.Api("hq").OpenCaseAsync(region: "north");
    }

    [Fact]
    public async Task Sign_in_attempts_over_the_per_address_budget_are_429()
    {
        var anonymous = web.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            using var response = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = "hq", password = $"guess-{i}" });
            statuses.Add(response.StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.All(statuses.TakeWhile(s => s != HttpStatusCode.TooManyRequests), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.All(statuses.SkipWhile(s => s != HttpStatusCode.TooManyRequests), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
    }
}
