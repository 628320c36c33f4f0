using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

// Board fan-out benchmark: N SignalR clients on the hq board of a running web process, a burst of new cases and a
// storm of engineer location pings; reports how long a case takes from the API's answer to every client, how many
// events each client got per second, how far pings were coalesced, and whether any client saw a gap.
// Usage: dotnet run -c Release --project benchmarks/BoardFanout -- http://127.0.0.1:5000 [clients] [cases] [pings]
var url = args.ElementAtOrDefault(0) ?? "http://127.0.0.1:5000";
var clientCount = int.Parse(args.ElementAtOrDefault(1) ?? "50");
var caseCount = int.Parse(args.ElementAtOrDefault(2) ?? "200");
var pingCount = int.Parse(args.ElementAtOrDefault(3) ?? "2000");

using var http = new HttpClient { BaseAddress = new Uri(url) };
var signIn = await http.PostAsJsonAsync("/api/auth/token", new { username = "hq", password = "demo" });
var token = (await signIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

var clock = Stopwatch.StartNew();
var clients = new List<Watcher>();
for (var i = 0; i < clientCount; i++) clients.Add(await Watcher.StartAsync(url, token, clock));

var regions = (await http.GetFromJsonAsync<JsonElement>("/api/regions")).EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToArray();
var engineers = (await http.GetFromJsonAsync<JsonElement>("/api/engineers")).EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToArray();
var answeredAt = new ConcurrentDictionary<string, double>();
var started = clock.Elapsed.TotalMilliseconds;

await Parallel.ForEachAsync(Enumerable.Range(0, caseCount), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (n, _) =>
{
    using var response = await http.PostAsJsonAsync("/api/cases", new
    {
        customerId = "cust-1", kind = "service", severity = $"P{n % 5 + 1}", channel = "hotline",
        title = $"Benchmark case {n}", description = "Board fan-out benchmark", region = regions[n % regions.Length],
    });
    var id = (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    answeredAt[id] = clock.Elapsed.TotalMilliseconds;
});
var casesDone = clock.Elapsed.TotalMilliseconds;
await Parallel.ForEachAsync(Enumerable.Range(0, pingCount), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (n, _) =>
{
    using var response = await http.PostAsJsonAsync($"/api/engineers/{engineers[n % engineers.Length]}/location",
        new { lat = 30 + n % 100 / 10.0, lon = 110 + n % 77 / 10.0 });
    response.EnsureSuccessStatusCode();
});
var pingsDone = clock.Elapsed.TotalMilliseconds;

var deadline = clock.Elapsed + TimeSpan.FromSeconds(30);
while (clock.Elapsed < deadline && clients.Any(c => answeredAt.Keys.Any(id => !c.CaseSeenAt.ContainsKey(id)))) await Task.Delay(100);
await Task.Delay(1000);

var latencies = clients.SelectMany(c => answeredAt.Where(a => c.CaseSeenAt.ContainsKey(a.Key)).Select(a => c.CaseSeenAt[a.Key] - a.Value)).Order().ToArray();
double Percentile(double p) => latencies.Length == 0 ? double.NaN : latencies[(int)Math.Min(latencies.Length - 1, p * latencies.Length)];
var missing = clients.Sum(c => answeredAt.Keys.Count(id => !c.CaseSeenAt.ContainsKey(id)));
var window = (clients.Max(c => c.LastAt) - started) / 1000;

Console.WriteLine($"clients {clientCount}, cases {caseCount} (API {casesDone - started:F0} ms), pings {pingCount} (API {pingsDone - casesDone:F0} ms)");
Console.WriteLine($"case latency, API answer to client (ms): p50 {Percentile(0.5):F0}  p95 {Percentile(0.95):F0}  p99 {Percentile(0.99):F0}  max {latencies.LastOrDefault():F0}  missing {missing}");
Console.WriteLine($"events per client {clients.Average(c => c.Events):F0}, per second per client {clients.Average(c => c.Events) / window:F0}, all clients {clients.Sum(c => c.Events) / window:F0}/s");
Console.WriteLine($"engineerMoved per client {clients.Average(c => c.Moves):F0} for {pingCount} pings (coalesced {100 - 100.0 * clients.Average(c => c.Moves) / pingCount:F0}%)");
Console.WriteLine($"clients that saw a seq gap or a repeat: {clients.Count(c => c.Gaps > 0)}");
foreach (var client in clients) await client.Connection.DisposeAsync();

sealed class Watcher
{
    public required HubConnection Connection { get; init; }
    public ConcurrentDictionary<string, double> CaseSeenAt { get; } = new();
    public int Events, Moves, Gaps;
    public double LastAt;
    long _lastSeq = -1;

    public static async Task<Watcher> StartAsync(string url, string token, Stopwatch clock)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl($"{url}/hubs/board", o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        var watcher = new Watcher { Connection = connection };
        connection.On<JsonElement>("boardEvent", e => watcher.Receive(e, clock.Elapsed.TotalMilliseconds));
        await connection.StartAsync();
        await connection.InvokeAsync("Subscribe", "hq");
        return watcher;
    }

    void Receive(JsonElement e, double at)
    {
        var seq = e.GetProperty("seq").GetInt64();
        if (_lastSeq >= 0 && seq != _lastSeq + 1) Gaps++;
        _lastSeq = seq;
        Events++;
        LastAt = at;
        var type = e.GetProperty("type").GetString();
        if (type == "engineerMoved") Moves++;
        if (type == "caseChanged") CaseSeenAt.TryAdd(e.GetProperty("case").GetProperty("id").GetString()!, at);
    }
}
