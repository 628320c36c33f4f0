namespace ServiceGrid.Bench.Harness;

/// <summary>
/// The bench's own output. An in-process silo logs to the console like the web does (same levels, same provider, so the
/// cost is the product's); while it runs, the console goes to a log file and the bench keeps writing here.
/// </summary>
public static class Output
{
    public static TextWriter Out { get; } = Console.Out;

    public static void Line(string text) => Out.WriteLine(text);
}
