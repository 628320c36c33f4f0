using System.Diagnostics;

namespace ServiceGrid.Bench.Harness;

/// <summary>What a fixed-concurrency run measured.</summary>
public sealed record LoadResult(long Ok, long Failed, TimeSpan Elapsed, Summary Latency)
{
    public double PerSecond => Ok / Elapsed.TotalSeconds;
}

/// <summary>
/// A closed loop: <c>concurrency</c> workers each send one request, wait for the answer, and send the next, for a
/// fixed time after a warm-up whose samples are thrown away.
/// </summary>
public static class LoadRunner
{
    /// <param name="measuring">Called when the warm-up is over and the measured part starts.</param>
    public static async Task<LoadResult> RunAsync(
        int concurrency, TimeSpan warmUp, TimeSpan duration, Func<int, long, Task<bool>> send, Action? measuring = null)
    {
        if (warmUp > TimeSpan.Zero) await LoopAsync(concurrency, warmUp, send, new Latencies());
        measuring?.Invoke();
        var latencies = new Latencies();
        var (ok, failed, elapsed) = await LoopAsync(concurrency, duration, send, latencies);
        return new LoadResult(ok, failed, elapsed, latencies.Summarize());
    }

    static async Task<(long Ok, long Failed, TimeSpan Elapsed)> LoopAsync(
        int concurrency, TimeSpan duration, Func<int, long, Task<bool>> send, Latencies latencies)
    {
        long ok = 0, failed = 0, sequence = 0;
        var clock = Stopwatch.StartNew();
        var end = duration.Ticks * Stopwatch.Frequency / TimeSpan.TicksPerSecond;
        var workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var part = latencies.NewPart();
            while (clock.ElapsedTicks < end)
            {
                var started = Stopwatch.GetTimestamp();
                bool success;
                try { success = await send(worker, Interlocked.Increment(ref sequence)); }
                catch (Exception) { success = false; } // a refused or dropped request counts as a failure, not a crash
                if (success)
                {
                    part.Add(Stopwatch.GetTimestamp() - started);
                    Interlocked.Increment(ref ok);
                }
                else Interlocked.Increment(ref failed);
            }
        }));
        await Task.WhenAll(workers);
        return (ok, failed, clock.Elapsed);
    }
}
