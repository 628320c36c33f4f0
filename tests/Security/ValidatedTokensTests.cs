using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ServiceGrid.Tests.Web;
using ServiceGrid.Web.Security;

namespace ServiceGrid.Tests.Security;

public sealed class ValidatedTokensTests
{
    static readonly ClaimsPrincipal Csc = new(new ClaimsIdentity([new Claim(GridUser.NameClaim, "csc")], "Bearer"));

    readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));

    ValidatedTokens Tokens(TimeSpan? reuse = null, int capacity = 100) =>
        new(Options.Create(new AuthOptions { ValidatedTokenReuse = reuse ?? TimeSpan.FromMinutes(5), ValidatedTokenCapacity = capacity }), _clock);

    [Fact]
    public void A_token_is_reused_until_it_expires_when_that_comes_first()
    {
        var tokens = Tokens();
        tokens.Add("a.b.c", Csc, _clock.GetUtcNow().AddMinutes(2));

        _clock.Advance(TimeSpan.FromMinutes(2) - TimeSpan.FromTicks(1));
        Assert.True(tokens.TryGet("a.b.c", out var principal));
        Assert.Same(Csc, principal);
        _clock.Advance(TimeSpan.FromTicks(1));
        Assert.False(tokens.TryGet("a.b.c", out _));
    }

    [Fact]
    public void A_long_lived_token_is_validated_again_once_the_reuse_period_is_over()
    {
        var tokens = Tokens(reuse: TimeSpan.FromMinutes(5));
        tokens.Add("a.b.c", Csc, _clock.GetUtcNow().AddHours(8));

        _clock.Advance(TimeSpan.FromMinutes(4));
        Assert.True(tokens.TryGet("a.b.c", out _));
        Assert.False(tokens.TryGet("a.b.d", out _));
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.False(tokens.TryGet("a.b.c", out _));
    }

    [Fact]
    public void Zero_reuse_keeps_nothing()
    {
        var tokens = Tokens(reuse: TimeSpan.Zero);
        tokens.Add("a.b.c", Csc, _clock.GetUtcNow().AddHours(8));

        Assert.False(tokens.TryGet("a.b.c", out _));
        Assert.Equal(0, tokens.Count);
    }

    [Fact]
    public void When_full_of_live_tokens_new_ones_wait_until_expired_ones_are_swept()
    {
        var tokens = Tokens(reuse: TimeSpan.FromMinutes(5), capacity: 2);
        tokens.Add("one", Csc, _clock.GetUtcNow().AddMinutes(1));
        tokens.Add("two", Csc, _clock.GetUtcNow().AddHours(1));

        tokens.Add("three", Csc, _clock.GetUtcNow().AddHours(1));
        Assert.False(tokens.TryGet("three", out _));

        _clock.Advance(TimeSpan.FromMinutes(2));
        tokens.Add("three", Csc, _clock.GetUtcNow().AddHours(1));
        Assert.True(tokens.TryGet("three", out _));
        Assert.True(tokens.TryGet("two", out _));
        Assert.Equal(2, tokens.Count);
    }
}

public sealed class ValidatedTokenReuseTests(WebFixture web) : IClassFixture<WebFixture>
{
    [Fact]
    public async Task A_validated_token_is_kept_for_reuse_and_a_forgery_of_it_is_still_refused()
    {
        var genuine = await web.TokenAsync("csc");
        var client = web.CreateClient();
        using (var request = Get(genuine)) Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);

        Assert.True(web.Services.GetRequiredService<ValidatedTokens>().TryGet(genuine, out var principal));
        Assert.Equal("csc", GridUser.From(principal)!.Name);

        // Same header and payload, another signature: not the cached string, so it is validated, and fails.
        var forged = genuine[..^4] + (genuine[^4..] == "AAAA" ? "BBBB" : "AAAA");
        using (var request = Get(forged)) await ApiClient.ProblemAsync(await client.SendAsync(request), HttpStatusCode.Unauthorized);
    }

    static HttpRequestMessage Get(string token) =>
        new(HttpMethod.Get, "/api/regions") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
}
