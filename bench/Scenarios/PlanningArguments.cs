using System.Globalization;

namespace ServiceGrid.Bench.Scenarios;

/// <summary>The planning scenarios' own flags, read beside the shared ones: <c>--time-limit S</c> (the solver's limit per
/// solve) and <c>--instances C101,R101</c> (which Solomon instances).</summary>
static class PlanningArguments
{
    public static TimeSpan TimeLimit(TimeSpan otherwise) =>
        Value("--time-limit") is { } seconds ? TimeSpan.FromSeconds(double.Parse(seconds, CultureInfo.InvariantCulture)) : otherwise;

    public static IReadOnlyList<string>? Instances() => Value("--instances")?.Split(',', StringSplitOptions.RemoveEmptyEntries);

    static string? Value(string name) => Environment.GetCommandLineArgs().SkipWhile(a => a != name).Skip(1).FirstOrDefault();
}
