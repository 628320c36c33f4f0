using System.Diagnostics;
using System.Text.Json;

namespace ServiceGrid.Tests.Bench;

/// <summary>
/// The benchmarks are run by hand (README, "Performance"); this only proves that the harness still works: the smoke mode
/// runs every scenario tiny, as a separate process like a real run, and writes figures that are all there and above zero.
/// </summary>
public sealed class BenchSmokeTests
{
    static readonly string[] ExpectedFigures =
    [
        "intake/POST /api/cases", "intake/GET /health/live (floor)", "intake/intake p99",
        "locations/location updates accepted", "locations/engineerMoved on an hq board client",
        "deadlines/breach events delivered", "deadlines/cases read back escalated exactly once",
        "memory/heap per 10,000 active cases", "memory/RSS with 2,000 cases + 200 engineers", "board/10 clients: delivered",
        "durable/POST /api/cases", "durable/raw single-row INSERT (floor)", "durable/PostgreSQL transactions per case",
        "solomon/C101 distance", "solomon/R101 seconds", "replan/60 × 6: travel, 1 s limit", "replan/120 × 12 in 3 regions: seconds, in parallel",
        "telemetry/intake, telemetry off", "telemetry/intake, telemetry on (OTLP)", "telemetry/OTLP exports received",
        "recommend/recommendations", "recommend/drop-out re-plan of 10 jobs, p95", "recommend/HTTP: GET candidates",
        "search/GET /api/customers?q=", "search/search p95",
        "slots/HTTP: GET slots", "slots/HTTP: slots p95", "slots/in-grain: Slots p95",
        "insert/booking to applied re-plan, p95", "insert/routes changed per re-plan, max", "insert/P1 visits placed",
        "insert/booking to applied P1 insertion, p95", "insert/routes changed per P1 insertion, max",
        "replan/60 × 6: re-plan of the plan in force, seconds",
    ];

    [Fact]
    public async Task Smoke_mode_runs_every_scenario_and_writes_positive_figures()
    {
        var output = Directory.CreateTempSubdirectory("servicegrid-bench-smoke-");
        try
        {
            var (exitCode, log) = await RunBenchAsync("smoke", "--out", output.FullName);
            Assert.True(exitCode == 0, $"bench smoke exited with {exitCode}:\n{log}");

            var json = Directory.GetFiles(output.FullName, "smoke-*.json").Single();
            using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            var figures = document.RootElement.GetProperty("figures").EnumerateArray()
                .ToDictionary(f => $"{f.GetProperty("scenario").GetString()}/{f.GetProperty("name").GetString()}", f => f.GetProperty("value").GetDouble());
            foreach (var name in ExpectedFigures)
            {
                Assert.True(figures.TryGetValue(name, out var value), $"'{name}' is missing from {json}");
                Assert.True(value > 0, $"'{name}' is {value}");
            }
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    /// <summary>Runs the bench built beside the tests (bench/bin/{Configuration}/net10.0), which finds the web the same way.</summary>
    static async Task<(int ExitCode, string Log)> RunBenchAsync(params string[] arguments)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "OrleansService.sln"))) root = root.Parent!;
        var bench = Path.Combine(root.FullName, "bench", "bin", configuration, "net10.0", "ServiceGrid.Bench.dll");

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { bench }.Concat(arguments)) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bench smoke did not finish in 10 minutes:\n{await stdout}");
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
