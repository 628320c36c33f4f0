using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;
using ServiceGrid.Tests.Web;
using ServiceGrid.Web.Security;

namespace ServiceGrid.Tests.Security;

/// <summary>The web process with one configured user besides the demo users.</summary>
public sealed class ConfiguredUsersFixture : WebFixture
{
    public const string Dispatcher = "dispatcher-li";
    public const string DispatcherPassword = "Correct horse battery staple";

    public ConfiguredUsersFixture()
    {
        Settings["ServiceGrid:Auth:Users:0:Username"] = Dispatcher;
        Settings["ServiceGrid:Auth:Users:0:PasswordHash"] = PasswordHashing.Hash(DispatcherPassword);
        Settings["ServiceGrid:Auth:Users:0:Role"] = Roles.Branch;
        Settings["ServiceGrid:Auth:Users:0:BranchId"] = "hangzhou";
    }
}

public sealed class SignInTests(ConfiguredUsersFixture web) : IClassFixture<ConfiguredUsersFixture>
{
    readonly HttpClient _anonymous = web.CreateClient();

    [Fact]
    public async Task A_demo_user_signs_in_and_the_token_opens_the_api()
    {
        using var response = await _anonymous.PostAsJsonAsync("/api/auth/token", new { username = "csc", password = "demo" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True(answer["expiresAt"]!.GetValue<DateTimeOffset>() > DateTimeOffset.UtcNow.AddHours(1));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/regions");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", answer["accessToken"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await _anonymous.SendAsync(request)).StatusCode);
    }

    [Theory]
    [InlineData("hq", "wrong")]
    [InlineData("nobody", "demo")]
    [InlineData("branch-atlantis", "demo")]
    [InlineData("eng-beijing-99", "demo")]
    [InlineData("cust-nobody", "demo")]
    [InlineData(ConfiguredUsersFixture.Dispatcher, "demo")]
    public async Task Unknown_users_and_wrong_passwords_are_401(string username, string password)
    {
        using var response = await _anonymous.PostAsJsonAsync("/api/auth/token", new { username, password });

        await ApiClient.ProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_configured_user_signs_in_with_its_hashed_password_and_gets_its_branch_and_region()
    {
        using var response = await _anonymous.PostAsJsonAsync("/api/auth/token",
            new { username = ConfiguredUsersFixture.Dispatcher, password = ConfiguredUsersFixture.DispatcherPassword });
        var token = (await response.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();

        var payload = JsonNode.Parse(Base64UrlDecode(token.Split('.')[1]))!;
        Assert.Equal(("branch", "hangzhou", "east"), (payload["role"]!.GetValue<string>(), payload["branch"]!.GetValue<string>(), payload["region"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_missing_field_is_400_and_a_forged_token_is_401()
    {
        var missing = await ApiClient.ProblemAsync(await _anonymous.PostAsJsonAsync("/api/auth/token", new { username = "hq" }), HttpStatusCode.BadRequest);
        Assert.NotNull(missing["errors"]!["password"]);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/regions");
        var genuine = await web.TokenAsync("csc");
        var parts = genuine.Split('.');
        var forged = $"{parts[0]}.{Base64UrlEncode("""{"sub":"hq","role":"hq","aud":"servicegrid","iss":"servicegrid","exp":4102444800}""")}.{parts[2]}";
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", forged);
        await ApiClient.ProblemAsync(await _anonymous.SendAsync(request), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Pages_and_answers_carry_the_security_headers()
    {
        using var response = await _anonymous.GetAsync("/health/live");

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Contains("script-src 'self';", policy);
    }

    [Fact]
    public void Durable_mode_refuses_to_start_without_a_signing_key_and_turns_demo_users_off()
    {
        using var durable = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("ConnectionStrings:ServiceGrid", "Host=127.0.0.1;Port=1;Database=none;Username=none");
            builder.UseSetting("ServiceGrid:Silo", "external");
        });

        var failure = Assert.ThrowsAny<OptionsValidationException>(() => durable.Server);
        Assert.Contains("SigningKey", failure.Message);
        Assert.False(new AuthOptions { Embedded = false }.DemoUsersEnabled);
        Assert.True(new AuthOptions { Embedded = false, DemoUsers = true }.DemoUsersEnabled);
    }

    static string Base64UrlDecode(string text) =>
        System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(text.Replace('-', '+').Replace('_', '/').PadRight(text.Length + (4 - text.Length % 4) % 4, '=')));

    static string Base64UrlEncode(string text) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
