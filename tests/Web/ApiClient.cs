using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ServiceGrid.Cases;
using ServiceGrid.Web.Hosting;

namespace ServiceGrid.Tests.Web;

/// <summary>Calls the API as an outside client would: JSON in the contract's spelling, problem details on failure.</summary>
public sealed class ApiClient(HttpClient http)
{
    public static readonly JsonSerializerOptions Json = ServiceGridWebExtensions.ConfigureContract(new JsonSerializerOptions());

    public HttpClient Http => http;

    public async Task<CaseView> OpenCaseAsync(Severity severity = Severity.P3, string? region = null, GeoPoint? site = null, string? idempotencyKey = null)
    {
        using var response = await PostAsync("/api/cases", OpenBody(severity, region, site), idempotencyKey);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CaseView>(Json))!;
    }

    public static object OpenBody(Severity severity = Severity.P3, string? region = null, GeoPoint? site = null) => new
    {
        customerId = WebFixture.Customer,
        kind = "service",
        severity = severity.ToString(),
        channel = "hotline",
        title = "Spindle vibrates above 8000 rpm",
        description = "Operator reports vibration and noise on the main spindle.",
        region,
        site = site is null ? null : new { lat = site.Lat, lon = site.Lon },
        equipmentSerial = WebFixture.Serial,
    };

    public async Task<HttpResponseMessage> PostAsync(string path, object? body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: Json) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await http.SendAsync(request);
    }

    /// <summary>Posts a command that must succeed and answers the case after it.</summary>
    public async Task<CaseView> CommandAsync(string caseId, string command, object? body = null)
    {
        using var response = await PostAsync($"/api/cases/{caseId}/{command}", body ?? new { });
        if (response.StatusCode != HttpStatusCode.OK) Assert.Fail($"{command}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<CaseView>(Json))!;
    }

    /// <summary>Asserts the status and that the answer is problem details; answers its JSON.</summary>
    public static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!.AsObject();
        Assert.Equal((int)expected, problem["status"]!.GetValue<int>());
        return problem;
    }

    public async Task<T> GetAsync<T>(string path)
    {
        using var response = await http.GetAsync(path);
        if (response.StatusCode != HttpStatusCode.OK) Assert.Fail($"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    /// <summary>Polls a read (the read models follow the grains asynchronously) until it satisfies the condition.</summary>
    public async Task<T> EventuallyAsync<T>(string path, Func<T, bool> condition, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var value = await GetAsync<T>(path);
            if (condition(value)) return value;
            if (DateTime.UtcNow > deadline) Assert.Fail($"GET {path} never satisfied the condition; last: {JsonSerializer.Serialize(value, Json)}");
            await Task.Delay(50);
        }
    }
}
