using ServiceGrid.Bench.Harness;

namespace ServiceGrid.Bench.Scenarios;

public static class LocationsScenario
{
    public static Task RunAsync(BenchOptions options, Report report) => Task.CompletedTask;
}
