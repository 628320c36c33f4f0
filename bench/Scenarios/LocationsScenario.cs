using ServiceGrid.Bench.Harness;

namespace ServiceGrid.Bench.Scenarios;

/// <summary>
/// Engineers' phones reporting positions (<c>POST /api/engineers/{id}/location</c>) at fixed concurrency against the
/// child server: accepted updates per second beside the same server's <c>/health/live</c> floor.
/// </summary>
public static class LocationsScenario
{
    const string Name = "locations";
    /// <summary>Every demo branch has at least four engineers (DemoOrganization.MinEngineersPerBranch).</summary>
    const int EngineersPerBranch = 4;

    public static async Task RunAsync(BenchOptions options, Report report)
    {
        await using var target = await Target.StartAsync(options);
        using var client = await GridClient.SignInAsync(target.Url, options.Concurrency);
        var engineers = DemoGrid.Branches.SelectMany(b => Enumerable.Range(1, EngineersPerBranch).Select(n => $"eng-{b.Branch}-{n}")).ToArray();

        var (live, liveCpu) = await target.MeasureAsync(measuring =>
            LoadRunner.RunAsync(options.Concurrency, options.WarmUp, options.Duration, (_, _) => client.LiveAsync(), measuring));
        await using var board = await BoardWatcher.StartAsync(target.Url, client.Token, "hq", null);
        var (moves, moveCpu) = await target.MeasureAsync(measuring =>
            LoadRunner.RunAsync(options.Concurrency, options.WarmUp, options.Duration, (_, n) =>
                client.ReportLocationAsync(engineers[n % engineers.Length], 30 + n % 1000 * 0.001, 115 + n % 777 * 0.001), measuring));

        report.Add(new Figure(Name, "GET /health/live (floor)", live.PerSecond, "req/s"));
        report.Add(new Figure(Name, "location updates accepted", moves.PerSecond, "updates/s", live.PerSecond, "≥ 20,000/s", moves.PerSecond >= 20_000));
        report.Add(new Figure(Name, "update p50", moves.Latency.P50, "ms"));
        report.Add(new Figure(Name, "update p99", moves.Latency.P99, "ms", live.Latency.P99));
        await Task.Delay(1000);
        var window = (options.WarmUp + options.Duration).TotalSeconds;
        report.Add(new Figure(Name, "engineerMoved on an hq board client", board.Moves / window, "events/s", moves.PerSecond));
        report.Add(new Figure(Name, "board seq gaps", board.Gaps, "gaps"));
        report.Add(new Figure(Name, "updates failed", moves.Failed, "requests", Target: "0", Met: moves.Failed == 0));
        if (liveCpu > 0)
        {
            report.Add(new Figure(Name, "server CPU per update", moveCpu, "ms", liveCpu));
            report.Add(new Figure(Name, "ceiling: 2 cores ÷ CPU per update", 2_000 / moveCpu, "updates/s", 2_000 / liveCpu));
        }
        report.Note(Name, $"{engineers.Length} demo engineers, signed in as hq; {options.Concurrency} connections, closed loop; rate limits off; " +
            "board delivery counted over warm-up and measured phase together, against the update rate (the board coalesces an engineer's positions)");
    }
}
