using ServiceGrid.Bench.Harness;

namespace ServiceGrid.Bench.Scenarios;

/// <summary>
/// What OpenTelemetry costs intake: the same <c>POST /api/cases</c> load against a web with telemetry off
/// (<c>ServiceGrid__Telemetry__Enabled=false</c>) and one exporting every trace, metric and log over OTLP/HTTP to a
/// local sink (<see cref="OtlpSink"/>), one after the other in the same run.
/// </summary>
public static class TelemetryScenario
{
    const string Name = "telemetry";

    public static async Task RunAsync(BenchOptions options, Report report)
    {
        await using var sink = new OtlpSink();
        var off = await IntakeAsync(options, new Dictionary<string, string> { ["ServiceGrid__Telemetry__Enabled"] = "false" });
        var on = await IntakeAsync(options, new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = sink.Endpoint.ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            // Metrics every 5 s instead of a minute and spans every second, so that a short run exports them too.
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "5000",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "1000",
        });

        report.Add(new Figure(Name, "intake, telemetry off", off.PerSecond, "cases/s"));
        report.Add(new Figure(Name, "intake, telemetry on (OTLP)", on.PerSecond, "cases/s", off.PerSecond, "≥ 0.95 of off",
            on.PerSecond >= 0.95 * off.PerSecond));
        report.Add(new Figure(Name, "intake p99, telemetry off", off.Latency.P99, "ms"));
        report.Add(new Figure(Name, "intake p99, telemetry on", on.Latency.P99, "ms", off.Latency.P99));
        report.Add(new Figure(Name, "OTLP exports received", sink.Requests, "requests", Target: "> 0", Met: sink.Requests > 0));
        report.Add(new Figure(Name, "OTLP bytes per case", on.Ok == 0 ? 0 : (double)sink.Bytes / on.Ok, "bytes"));
        report.Note(Name, $"{options.Concurrency} connections, closed loop, {options.WarmUp.TotalSeconds:0.#} s warm-up then " +
            $"{options.Duration.TotalSeconds:0.#} s against each of two fresh web processes; every request traced (always-on sampling)");
    }

    static async Task<LoadResult> IntakeAsync(BenchOptions options, Dictionary<string, string> settings)
    {
        await using var target = await Target.StartAsync(options, settings);
        using var client = await GridClient.SignInAsync(target.Url, options.Concurrency);
        return await LoadRunner.RunAsync(options.Concurrency, options.WarmUp, options.Duration, (_, n) => client.OpenCaseAsync(n));
    }
}
