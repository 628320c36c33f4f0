using ServiceGrid.Bench.Harness;
using ServiceGrid.Bench.Scenarios;

var options = BenchOptions.Parse(args);
var scenarios = new Dictionary<string, Func<BenchOptions, Report, Task>>
{
    ["intake"] = (o, r) => IntakeScenario.RunAsync(o, r),
    ["board"] = BoardScenario.RunAsync,
    ["locations"] = LocationsScenario.RunAsync,
    ["deadlines"] = DeadlinesScenario.RunAsync,
    ["memory"] = MemoryScenario.RunAsync,
    ["durable"] = DurableIntakeScenario.RunAsync,
    ["solomon"] = SolomonScenario.RunAsync,
    ["replan"] = ReplanScenario.RunAsync,
    ["telemetry"] = TelemetryScenario.RunAsync,
    ["recommend"] = RecommendScenario.RunAsync,
    ["search"] = SearchScenario.RunAsync,
    ["slots"] = SlotsScenario.RunAsync,
    ["insert"] = InsertScenario.RunAsync,
};

if (options.Scenario is "help" or "-h" or "--help" || (options.Scenario != "smoke" && !scenarios.ContainsKey(options.Scenario)))
{
    Console.WriteLine($"""
        dotnet run -c Release --project bench -- <scenario> [--url http://host:port] [--concurrency 64] [--seconds 15] [--warmup 20] [--smoke] [--out dir]
          scenarios: {string.Join(", ", scenarios.Keys)}, smoke (every scenario, tiny, a few seconds each)
          --url targets a running service (HTTP scenarios) instead of starting the built web as a child process.
        """);
    return options.Scenario is "help" or "-h" or "--help" ? 0 : 2;
}

var report = new Report(options.Scenario, Machine.Describe());
var selected = options.Scenario == "smoke" ? scenarios : scenarios.Where(s => s.Key == options.Scenario).ToDictionary();
foreach (var (name, run) in selected)
{
    Output.Line($"== {name}");
    await run(options, report);
}
report.Print();
report.Write(options.Output);
return 0;
