using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace ServiceGrid.Bench.Harness;

/// <summary>HTTP to the service under test: one pooled handler with as many connections as workers, signed in as <c>hq</c>.</summary>
public sealed class GridClient : IDisposable
{
    /// <summary>Customers of the demo organization (API.md: <c>cust-{n}</c>, n from 1).</summary>
    const int DemoCustomers = 210;

    GridClient(HttpClient http, string token) => (Http, Token) = (http, token);

    public HttpClient Http { get; }
    public string Token { get; }

    public static async Task<GridClient> SignInAsync(Uri url, int connections, string username = "hq")
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
        };
        var http = new HttpClient(handler) { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        var answer = await http.PostAsJsonAsync("/api/auth/token", new { username, password = "demo" });
        answer.EnsureSuccessStatusCode();
        var token = (await answer.Content.ReadFromJsonAsync<TokenAnswer>())!.AccessToken;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new GridClient(http, token);
    }

    /// <summary>Opens one P3 service case for a demo customer; true on 201.</summary>
    public async Task<bool> OpenCaseAsync(long n, string severity = "P3")
    {
        var body = $$"""
            {"customerId":"cust-{{n % DemoCustomers + 1}}","kind":"service","severity":"{{severity}}","channel":"hotline",
             "title":"Bench case {{n}}","description":"Opened by the intake benchmark."}
            """;
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync("/api/cases", content);
        await response.Content.LoadIntoBufferAsync();
        return response.StatusCode == HttpStatusCode.Created;
    }

    public async Task<bool> LiveAsync()
    {
        using var response = await Http.GetAsync("/health/live");
        await response.Content.LoadIntoBufferAsync();
        return response.IsSuccessStatusCode;
    }

    public async Task<bool> ReportLocationAsync(string engineerId, double lat, double lon)
    {
        using var content = new StringContent($$"""{"lat":{{lat:0.00000}},"lon":{{lon:0.00000}}}""", Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync($"/api/engineers/{engineerId}/location", content);
        await response.Content.LoadIntoBufferAsync();
        return response.IsSuccessStatusCode;
    }

    /// <summary>Asks for the recommended engineers of a case (issue 15); true on 200 with at least one candidate.</summary>
    public async Task<bool> CandidatesAsync(string caseId, int limit = 5)
    {
        using var response = await Http.GetAsync($"/api/cases/{caseId}/candidates?limit={limit}");
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode && body.Contains("\"engineerId\"", StringComparison.Ordinal);
    }

    /// <summary>Asks for a case's visit slots (issue 18); true on 200 with a list (which may be empty).</summary>
    public async Task<bool> SlotsAsync(string caseId, int days)
    {
        using var response = await Http.GetAsync($"/api/cases/{caseId}/slots?days={days}");
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode && body.Contains("\"items\"", StringComparison.Ordinal);
    }

    public void Dispose() => Http.Dispose();

    sealed record TokenAnswer(string AccessToken);
}
