using System.Globalization;
using System.Net;
using System.Text.Json;
using ServiceGrid.Bench.Harness;
using ServiceGrid.Demo;

namespace ServiceGrid.Bench.Scenarios;

/// <summary>
/// <c>GET /api/customers?q=</c> with 10,000 demo customers, as operators type while callers talk: phone numbers,
/// company-name words, customer ids and serials taken from the same demo organization the server loads, at fixed
/// concurrency, beside the same server's <c>GET /health/live</c> in the same run.
/// </summary>
public static class SearchScenario
{
    const string Name = "search";

    public static async Task RunAsync(BenchOptions options, Report report)
    {
        var customers = options.Cases ?? (options.Smoke ? 500 : 10_000);
        var organization = DemoOrganization.Create(new DemoOptions().Seed, customers);
        var queries = Queries(organization).ToArray();
        await using var target = await Target.StartAsync(options,
            new Dictionary<string, string> { ["ServiceGrid__Demo__Customers"] = customers.ToString(CultureInfo.InvariantCulture) });
        using var client = await GridClient.SignInAsync(target.Url, options.Concurrency, "csc");
        var loaded = await WaitForIndexAsync(client, organization);

        var (live, _) = await target.MeasureAsync(measuring =>
            LoadRunner.RunAsync(options.Concurrency, options.WarmUp, options.Duration, (_, _) => client.LiveAsync(), measuring));
        var (search, searchCpu) = await target.MeasureAsync(measuring =>
            LoadRunner.RunAsync(options.Concurrency, options.WarmUp, options.Duration, (_, n) => SearchAsync(client, queries[n % queries.Length]), measuring));

        report.Add(new Figure(Name, "customers indexed", customers, "customers"));
        report.Add(new Figure(Name, "index ready after start", loaded.TotalSeconds, "s"));
        report.Add(new Figure(Name, "GET /health/live (floor)", live.PerSecond, "req/s"));
        report.Add(new Figure(Name, "floor p95", live.Latency.P95, "ms"));
        report.Add(new Figure(Name, "GET /api/customers?q=", search.PerSecond, "req/s", live.PerSecond));
        report.Add(new Figure(Name, "search p50", search.Latency.P50, "ms", live.Latency.P50));
        report.Add(new Figure(Name, "search p95", search.Latency.P95, "ms", live.Latency.P95, "< 50 ms", search.Latency.P95 < 50));
        report.Add(new Figure(Name, "search p99", search.Latency.P99, "ms", live.Latency.P99));
        report.Add(new Figure(Name, "search failed", search.Failed, "requests", Target: "0", Met: search.Failed == 0));
        if (searchCpu > 0) report.Add(new Figure(Name, "server CPU per search", searchCpu, "ms"));
        report.Note($"{Name} load", $"{options.Concurrency} connections, closed loop, {options.WarmUp.TotalSeconds:0.#} s warm-up then " +
            $"{options.Duration.TotalSeconds:0.#} s per phase; {queries.Length} queries (phones, name words, ids, serials) from the demo data, in turn");
    }

    /// <summary>What an operator types: a landline with and without area code, a mobile, two name words, an id, a serial.</summary>
    static IEnumerable<string> Queries(DemoOrganization organization) =>
        organization.Customers.Where((_, i) => i % 7 == 0).SelectMany(customer => new[]
        {
            customer.Contacts[0].Phone,
            customer.Contacts[0].Phone[^8..],
            customer.Contacts[1].Phone,
            string.Join(' ', customer.Name.Split(' ').Take(2)),
            customer.Id,
            customer.Equipment[0].Serial,
        });

    static async Task<bool> SearchAsync(GridClient client, string query)
    {
        using var response = await client.Http.GetAsync($"/api/customers?q={Uri.EscapeDataString(query)}");
        await response.Content.LoadIntoBufferAsync();
        return response.StatusCode == HttpStatusCode.OK;
    }

    /// <summary>The demo loader registers customers after start: wait until a sample of them, the last ids included, is found.</summary>
    static async Task<TimeSpan> WaitForIndexAsync(GridClient client, DemoOrganization organization)
    {
        var started = DateTime.UtcNow;
        var sample = organization.Customers.Where((_, i) => i % 97 == 0).Append(organization.Customers[^1]).Select(c => c.Id).ToList();
        while (sample.Count > 0)
        {
            if (DateTime.UtcNow - started > TimeSpan.FromMinutes(10)) throw new TimeoutException("The customer search never held the demo customers.");
            using var response = await client.Http.GetAsync($"/api/customers?q={sample[^1]}&limit=1");
            var found = response.IsSuccessStatusCode && JsonDocument.Parse(await response.Content.ReadAsStringAsync())
                .RootElement.EnumerateArray().Any(card => card.GetProperty("id").GetString() == sample[^1]);
            if (found) sample.RemoveAt(sample.Count - 1);
            else await Task.Delay(200);
        }
        return DateTime.UtcNow - started;
    }
}
