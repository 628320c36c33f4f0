using System.Diagnostics;

namespace ServiceGrid.Bench.Harness;

/// <summary>
/// Latencies of one run, in stopwatch ticks. Each worker records into its own list (no locks on the hot path);
/// the lists are merged and sorted once at the end, which is exact where a bucketed histogram would round.
/// </summary>
public sealed class Latencies
{
    readonly List<List<long>> _parts = [];

    public List<long> NewPart()
    {
        var part = new List<long>(1 << 16);
        lock (_parts) _parts.Add(part);
        return part;
    }

    public Summary Summarize()
    {
        long[] all;
        lock (_parts) all = [.. _parts.SelectMany(part => part)];
        Array.Sort(all);
        return new Summary(all.Length, Ms(all, 0.50), Ms(all, 0.95), Ms(all, 0.99), all.Length == 0 ? 0 : ToMs(all[^1]));
    }

    public static double ToMs(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    static double Ms(long[] sorted, double quantile) =>
        sorted.Length == 0 ? 0 : ToMs(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)]);
}

/// <summary>Count and percentiles in milliseconds.</summary>
public sealed record Summary(long Count, double P50, double P95, double P99, double Max)
{
    public static Summary Of(IEnumerable<double> millis)
    {
        var sorted = millis.Order().ToArray();
        double At(double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return new Summary(sorted.Length, At(0.50), At(0.95), At(0.99), sorted.Length == 0 ? 0 : sorted[^1]);
    }
}
