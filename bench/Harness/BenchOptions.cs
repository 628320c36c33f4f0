namespace ServiceGrid.Bench.Harness;

/// <summary>Command line: <c>&lt;scenario&gt; [--url U] [--concurrency N] [--seconds S] [--warmup S] [--smoke] [--cases N] [--out DIR]</c>.</summary>
public sealed record BenchOptions(string Scenario, Uri? Url, int Concurrency, TimeSpan Duration, TimeSpan WarmUp, bool Smoke, string Output, int? Cases)
{
    public static BenchOptions Parse(string[] args)
    {
        var scenario = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "help";
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var smoke = scenario == "smoke" || args.Contains("--smoke");
        return new BenchOptions(
            scenario,
            Value("--url") is { } url ? new Uri(url) : null,
            int.Parse(Value("--concurrency") ?? "64"),
            Seconds(Value("--seconds") ?? (smoke ? "1" : "15")),
            Seconds(Value("--warmup") ?? (smoke ? "0.3" : "20")),
            smoke,
            Value("--out") ?? Paths.Results,
            Value("--cases") is { } cases ? int.Parse(cases) : null);
    }

    static TimeSpan Seconds(string value) => TimeSpan.FromSeconds(double.Parse(value, System.Globalization.CultureInfo.InvariantCulture));
}
