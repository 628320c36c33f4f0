using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ServiceGrid.Bench.Harness;
using ServiceGrid.Board;

namespace ServiceGrid.Bench.Scenarios;

/// <summary>
/// 1, 100 and 1,000 SignalR clients on the live board (half on <c>hq</c>, half on branch scopes), new cases opened at a
/// steady rate: latency from sending <c>POST /api/cases</c> to a client receiving the case, and delivered/expected.
/// </summary>
public static class BoardScenario
{
    const string Name = "board";

    public static async Task RunAsync(BenchOptions options, Report report)
    {
        await using var target = await Target.StartAsync(options);
        using var client = await GridClient.SignInAsync(target.Url, 64);
        int[] clientCounts = options.Smoke ? [1, 10] : [1, 100, 1_000];
        var rate = options.Smoke ? 10 : 50;
        var cases = (int)(rate * options.Duration.TotalSeconds);
        // The same traffic to one client first, not measured: otherwise the first client count pays for the JIT.
        await using (await BoardWatcher.StartAsync(target.Url, client.Token, BoardScopes.Headquarters, null))
            await OpenAtSteadyRateAsync(client, rate, (int)(rate * options.WarmUp.TotalSeconds));
        foreach (var count in clientCounts)
        {
            var watchers = new ConcurrentBag<BoardWatcher>();
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
            {
                var (region, branch) = DemoGrid.Branches[i / 2 % DemoGrid.Branches.Length];
                watchers.Add(i % 2 == 0
                    ? await BoardWatcher.StartAsync(target.Url, client.Token, "hq", null)
                    : await BoardWatcher.StartAsync(target.Url, client.Token, $"branch:{branch}", region));
            });
            var sent = await OpenAtSteadyRateAsync(client, rate, cases);
            var expected = watchers.Sum(w => sent.Count(c => w.Region is null || w.Region == c.Value.Region));
            var latencies = new List<double>();
            var deadline = Stopwatch.StartNew();
            do
            {
                latencies.Clear();
                foreach (var watcher in watchers)
                foreach (var (id, (region, at)) in sent)
                    if ((watcher.Region is null || watcher.Region == region) && watcher.TrySeen(id, out var seenAt))
                        latencies.Add(Latencies.ToMs(seenAt - at));
                if (latencies.Count >= expected) break;
                await Task.Delay(500);
            } while (deadline.Elapsed < TimeSpan.FromSeconds(20));

            var summary = Summary.Of(latencies);
            var label = $"{count:#,0} client{(count == 1 ? "" : "s")}";
            report.Add(new Figure(Name, $"{label}: create-to-receive p50", summary.P50, "ms"));
            report.Add(new Figure(Name, $"{label}: create-to-receive p95", summary.P95, "ms"));
            report.Add(new Figure(Name, $"{label}: create-to-receive p99", summary.P99, "ms",
                Target: count == 1_000 ? "< 100 ms" : null, Met: count == 1_000 ? summary.P99 < 100 : null));
            report.Add(new Figure(Name, $"{label}: delivered", latencies.Count, "events", expected,
                count == 1_000 ? "all" : null, count == 1_000 ? latencies.Count == expected : null));
            report.Add(new Figure(Name, $"{label}: seq gaps", watchers.Sum(w => w.Gaps), "gaps"));
            await Task.WhenAll(watchers.Select(w => w.DisposeAsync().AsTask()));
        }
        report.Note(Name, $"{rate} cases/s for {options.Duration.TotalSeconds:0} s per client count after a {options.WarmUp.TotalSeconds:0.#} s warm-up, regions in turn; clients alternate hq and " +
            "branch:{id} (a branch sees its region's pool); latency from sending the POST to the client's receipt; clients run in the bench process");
    }

    /// <summary>Sends one case every 1/rate s without waiting for answers; returns each created case's region and send time.</summary>
    static async Task<Dictionary<string, (string Region, long At)>> OpenAtSteadyRateAsync(GridClient client, int rate, int cases)
    {
        var sent = new ConcurrentDictionary<string, (string, long)>();
        var regions = DemoGrid.Regions.ToArray();
        var clock = Stopwatch.StartNew();
        var pending = new List<Task>();
        for (var n = 0; n < cases; n++)
        {
            var due = TimeSpan.FromSeconds((double)n / rate);
            if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed);
            var region = regions[n % regions.Length];
            var number = n;
            pending.Add(Task.Run(async () =>
            {
                var at = Stopwatch.GetTimestamp();
                using var response = await client.Http.PostAsJsonAsync("/api/cases", new
                {
                    customerId = $"cust-{number % 210 + 1}", kind = "service", severity = "P3", channel = "hotline",
                    title = $"Board bench case {number}", description = "Opened by the board benchmark.", region,
                });
                if (response.StatusCode != HttpStatusCode.Created) return;
                var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
                sent[id] = (region, at);
            }));
        }
        await Task.WhenAll(pending);
        return new Dictionary<string, (string Region, long At)>(sent);
    }
}
