using ServiceGrid.Bench.Harness;

namespace ServiceGrid.Bench.Scenarios;

/// <summary>
/// What OpenTelemetry costs intake: the same <c>POST /api/cases</c> load against three web processes started side by
/// side: telemetry off (<c>ServiceGrid__Telemetry__Enabled=false</c>), on as shipped (OTLP/HTTP to a local sink,
/// <see cref="OtlpSink"/>, with the default trace sampling), and on with every trace recorded. The measured time is
/// split into rounds that visit the three in turn, so that the load of a shared machine weighs on each alike.
/// </summary>
public static class TelemetryScenario
{
    const string Name = "telemetry";

    public static async Task RunAsync(BenchOptions options, Report report)
    {
        await using var sink = new OtlpSink();
        var everyTrace = Exporting(sink);
        everyTrace["ServiceGrid__Telemetry__TraceSampleRatio"] = "1";
        await using var off = await Variant.StartAsync(options, new Dictionary<string, string> { ["ServiceGrid__Telemetry__Enabled"] = "false" });
        await using var on = await Variant.StartAsync(options, Exporting(sink));
        await using var all = await Variant.StartAsync(options, everyTrace);
        Variant[] variants = [off, on, all];

        foreach (var variant in variants) await variant.RunAsync(options, options.WarmUp);
        var rounds = options.Smoke ? 1 : 5;
        var (requestsBefore, bytesBefore) = (sink.Requests, sink.Bytes);
        long onBytes = 0;
        for (var round = 0; round < rounds; round++)
        {
            foreach (var variant in variants)
            {
                var bytes = sink.Bytes;
                await variant.RunAsync(options, options.Duration / rounds, measured: true);
                if (variant == on) onBytes += sink.Bytes - bytes;
            }
        }

        report.Add(new Figure(Name, "intake, telemetry off", off.PerSecond, "cases/s"));
        report.Add(new Figure(Name, "intake, telemetry on (OTLP)", on.PerSecond, "cases/s", off.PerSecond, "≥ 0.95 of off",
            on.PerSecond >= 0.95 * off.PerSecond));
        report.Add(new Figure(Name, "intake, every trace recorded", all.PerSecond, "cases/s", off.PerSecond));
        report.Add(new Figure(Name, "server CPU per case, telemetry off", off.CpuPerCase, "ms"));
        report.Add(new Figure(Name, "server CPU per case, telemetry on", on.CpuPerCase, "ms", off.CpuPerCase));
        report.Add(new Figure(Name, "server CPU per case, every trace recorded", all.CpuPerCase, "ms", off.CpuPerCase));
        report.Add(new Figure(Name, "median round p99, telemetry off", off.MedianP99, "ms"));
        report.Add(new Figure(Name, "median round p99, telemetry on", on.MedianP99, "ms", off.MedianP99));
        report.Add(new Figure(Name, "OTLP exports received", sink.Requests - requestsBefore, "requests", Target: "> 0", Met: sink.Requests > requestsBefore));
        report.Add(new Figure(Name, "OTLP bytes per case, telemetry on", on.Cases == 0 ? 0 : (double)onBytes / on.Cases, "bytes"));
        report.Note(Name, $"{options.Concurrency} connections, closed loop, {options.WarmUp.TotalSeconds:0.#} s warm-up each, then " +
            $"{rounds} round(s) of {(options.Duration / rounds).TotalSeconds:0.#} s on each of three web processes: telemetry off, on with the " +
            "default sampling (ServiceGrid__Telemetry__TraceSampleRatio = 0.1), on with every trace recorded; all export to one local OTLP/HTTP sink");
    }

    static Dictionary<string, string> Exporting(OtlpSink sink) => new()
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = sink.Endpoint.ToString(),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        // The export intervals stay as shipped (metrics every minute, spans every 5 s): every collection calls Orleans'
        // observable gauges, some of which walk all activations or the whole directory cache, so a bench that exported
        // metrics every 5 s measured twelve times the collection work a deployment does.
    };

    /// <summary>One web process under test, with what its measured rounds added up to.</summary>
    sealed class Variant : IAsyncDisposable
    {
        readonly Target _target;
        readonly GridClient _client;
        readonly List<double> _p99s = [];
        TimeSpan _elapsed;
        TimeSpan _cpu;

        Variant(Target target, GridClient client) => (_target, _client) = (target, client);

        public long Cases { get; private set; }
        public double PerSecond => _elapsed > TimeSpan.Zero ? Cases / _elapsed.TotalSeconds : 0;
        public double CpuPerCase => Cases == 0 ? 0 : _cpu.TotalMilliseconds / Cases;
        public double MedianP99 => _p99s.Count == 0 ? 0 : _p99s.Order().ElementAt(_p99s.Count / 2);

        public static async Task<Variant> StartAsync(BenchOptions options, Dictionary<string, string> settings)
        {
            var target = await Target.StartAsync(options, settings);
            return new Variant(target, await GridClient.SignInAsync(target.Url, options.Concurrency));
        }

        public async Task RunAsync(BenchOptions options, TimeSpan duration, bool measured = false)
        {
            if (duration <= TimeSpan.Zero) return;
            var (result, cpuPerCase) = await _target.MeasureAsync(measuring =>
                LoadRunner.RunAsync(options.Concurrency, TimeSpan.Zero, duration, (_, n) => _client.OpenCaseAsync(n), measuring));
            if (!measured) return;
            Cases += result.Ok;
            _elapsed += result.Elapsed;
            _cpu += TimeSpan.FromMilliseconds(cpuPerCase * result.Ok);
            _p99s.Add(result.Latency.P99);
        }

        public async ValueTask DisposeAsync()
        {
            _client.Dispose();
            await _target.DisposeAsync();
        }
    }
}
