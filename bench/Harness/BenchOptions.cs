namespace ServiceGrid.Bench.Harness;

/// <summary>Command line: <c>&lt;scenario&gt; [--url U] [--concurrency N] [--seconds S] [--smoke] [--cases N] [--out DIR]</c>.</summary>
public sealed record BenchOptions(string Scenario, Uri? Url, int Concurrency, TimeSpan Duration, bool Smoke, string Output, int? Cases)
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
            TimeSpan.FromSeconds(double.Parse(Value("--seconds") ?? (smoke ? "1" : "15"), System.Globalization.CultureInfo.InvariantCulture)),
            smoke,
            Value("--out") ?? Paths.Results,
            Value("--cases") is { } cases ? int.Parse(cases) : null);
    }

    public TimeSpan WarmUp => Smoke ? TimeSpan.FromMilliseconds(300) : TimeSpan.FromSeconds(5);
}
