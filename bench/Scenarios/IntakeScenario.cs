using ServiceGrid.Bench.Harness;

namespace ServiceGrid.Bench.Scenarios;

/// <summary>
/// <c>POST /api/cases</c> at fixed concurrency, beside the same server's <c>GET /health/live</c> in the same run: the
/// floor is what this machine's HTTP stack does with no work behind it, so the ratio says how much the grid adds.
/// </summary>
public static class IntakeScenario
{
    public static async Task RunAsync(BenchOptions options, Report report, string name = "intake", Target? target = null)
    {
        var owned = target is null;
        target ??= await Target.StartAsync(options);
        try
        {
            using var client = await GridClient.SignInAsync(target.Url, options.Concurrency);
            var (live, liveCpu) = await target.MeasureAsync(measuring =>
                LoadRunner.RunAsync(options.Concurrency, options.WarmUp, options.Duration, (_, _) => client.LiveAsync(), measuring));
            var (intake, intakeCpu) = await target.MeasureAsync(measuring =>
                LoadRunner.RunAsync(options.Concurrency, options.WarmUp, options.Duration, (_, n) => client.OpenCaseAsync(n), measuring));
            AddFigures(report, name, live, intake, options);
            if (liveCpu > 0)
            {
                report.Add(new Figure(name, "server CPU per /health/live", liveCpu, "ms"));
                report.Add(new Figure(name, "server CPU per case", intakeCpu, "ms", liveCpu));
                report.Add(new Figure(name, "ceiling: 2 cores ÷ CPU per case", 2_000 / intakeCpu, "cases/s", 2_000 / liveCpu));
            }
            if (target.ResidentBytes() is > 0 and var rss) report.Add(new Figure(name, "server RSS after run", ProcessMemory.Mib(rss), "MiB"));
        }
        finally
        {
            if (owned) await target.DisposeAsync();
        }
    }

    static void AddFigures(Report report, string name, LoadResult live, LoadResult intake, BenchOptions options)
    {
        report.Add(new Figure(name, "GET /health/live (floor)", live.PerSecond, "req/s"));
        report.Add(new Figure(name, "floor p99", live.Latency.P99, "ms"));
        var ratio = intake.PerSecond / live.PerSecond;
        // The intake targets are for embedded mode; durable intake is judged against raw inserts instead.
        var embedded = name == "intake";
        report.Add(new Figure(name, "POST /api/cases", intake.PerSecond, "cases/s", live.PerSecond,
            embedded ? "≥ 5,000/s and ≥ 0.20 of floor" : null, embedded ? intake.PerSecond >= 5_000 && ratio >= 0.20 : null));
        report.Add(new Figure(name, "intake p50", intake.Latency.P50, "ms"));
        report.Add(new Figure(name, "intake p95", intake.Latency.P95, "ms"));
        report.Add(new Figure(name, "intake p99", intake.Latency.P99, "ms", live.Latency.P99, embedded ? "< 20 ms" : null, embedded ? intake.Latency.P99 < 20 : null));
        report.Add(new Figure(name, "intake max", intake.Latency.Max, "ms"));
        report.Add(new Figure(name, "intake failed", intake.Failed, "requests", Target: "0", Met: intake.Failed == 0));
        report.Note($"{name} load", $"{options.Concurrency} connections, closed loop, {options.WarmUp.TotalSeconds:0.#} s warm-up then {options.Duration.TotalSeconds:0.#} s per phase; rate limits off (ServiceGrid__RateLimits__*=0)");
    }
}
