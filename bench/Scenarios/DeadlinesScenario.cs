using System.Collections.Concurrent;
using System.Diagnostics;
using ServiceGrid.Bench.Harness;
using ServiceGrid.Bench.Probes;
using ServiceGrid.Cases;

namespace ServiceGrid.Bench.Scenarios;

/// <summary>
/// Many open cases whose response target falls due within a minute or two, on an in-process silo (so a probe can follow
/// the region streams): how late each breach event reaches a subscriber, and whether every case escalated exactly once.
/// </summary>
public static class DeadlinesScenario
{
    const string Name = "deadlines";
    /// <summary>The "fall due within a minute or two": the cases open evenly over a minute, so that they fall due
    /// evenly over a minute too (1,667 a second for 100,000).</summary>
    static readonly TimeSpan DueWindow = TimeSpan.FromSeconds(60);
    static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(100);

    public static async Task RunAsync(BenchOptions options, Report report)
    {
        var count = options.Smoke ? 500 : options.Cases ?? 100_000;
        var target = options.Smoke ? TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(60);
        BreachLog.Reset();
        await using var silo = await InProcessSilo.StartAsync(Path.Combine(options.Output, "logs", $"{Name}-silo.log"), new Dictionary<string, string?>
        {
            ["ServiceGrid:Sla:P3:Response"] = target.ToString(),
            ["ServiceGrid:Sla:P3:Onsite"] = "",
            ["ServiceGrid:Sla:P3:Resolution"] = "",
        });

        var opening = Stopwatch.StartNew();
        var ids = await OpenEvenlyAsync(silo, count, options.Smoke ? TimeSpan.FromSeconds(2) : DueWindow);
        opening.Stop();
        Output.Line($"  opened {count:#,0} cases over {opening.Elapsed.TotalSeconds:0.0} s; response due {target.TotalSeconds:0} s after each");

        var waited = Stopwatch.StartNew();
        var limit = target + TimeSpan.FromSeconds(90);
        for (var tick = 1; BreachLog.Breaches < count && waited.Elapsed < limit; tick++)
        {
            await Task.Delay(1000);
            if (tick % 10 == 0) Output.Line($"  {waited.Elapsed.TotalSeconds:0} s: {BreachLog.Breaches:#,0} breaches seen");
        }

        // Read every case back to count its escalations; a case that does not answer (the silo is still working off the
        // storm) is counted as unverified rather than stopping the run.
        var escalations = new ConcurrentBag<int>();
        using var verifying = new CancellationTokenSource(TimeSpan.FromSeconds(options.Smoke ? 30 : 120));
        try
        {
            await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = verifying.Token }, async (id, _) =>
            {
                try
                {
                    var view = await silo.Grains.GetGrain<ICaseGrain>(id).Get();
                    escalations.Add(view?.Timeline.Count(e => e.Type == TimelineTypes.Escalated) ?? -1);
                }
                catch (TimeoutException)
                {
                    escalations.Add(-1);
                }
            });
        }
        catch (OperationCanceledException)
        {
            Output.Line($"  verification stopped after {escalations.Count:#,0} cases: the silo answers too slowly");
        }
        var exactlyOnce = escalations.Count(n => n == 1);
        var lateness = Summary.Of(BreachLog.LatenessMs);

        report.Add(new Figure(Name, "cases opened in-process", count, "cases"));
        report.Add(new Figure(Name, "deadlines fall due over", opening.Elapsed.TotalSeconds, "s"));
        report.Add(new Figure(Name, "breach events delivered", BreachLog.Breaches, "events", count, $"{count:#,0}", BreachLog.Breaches == count));
        report.Add(new Figure(Name, "breach lateness p50", lateness.P50, "ms"));
        report.Add(new Figure(Name, "breach lateness p95", lateness.P95, "ms"));
        report.Add(new Figure(Name, "breach lateness p99", lateness.P99, "ms", Target: "≤ 1,000 ms", Met: lateness.P99 <= 1000 && lateness.Count > 0));
        report.Add(new Figure(Name, "breach lateness max", lateness.Max, "ms"));
        var verified = escalations.Count(n => n >= 0);
        report.Add(new Figure(Name, "cases read back escalated exactly once", exactlyOnce, "cases", verified, "every case",
            verified == count ? exactlyOnce == count : null));
        report.Add(new Figure(Name, "cases escalated more than once", escalations.Count(n => n > 1), "cases", Target: "0", Met: escalations.All(n => n <= 1)));
        report.Add(new Figure(Name, "cases not verified (no answer)", count - escalations.Count(n => n >= 0), "cases"));
        report.Add(new Figure(Name, "duplicate breach events (ignored by consumers)", BreachLog.Duplicates, "events"));
        report.Add(new Figure(Name, "process RSS at the end", ProcessMemory.Mib(ProcessMemory.ResidentBytes(Environment.ProcessId)), "MiB"));
        report.Note(Name, $"in-process silo (the product's ConfigureServiceGrid, embedded mode, console logging at the web's levels to a file); " +
            $"cases opened evenly over {(options.Smoke ? 2 : DueWindow.TotalSeconds):0} s, P3 response target {target.TotalSeconds:0} s, on-site and resolution not applicable; lateness = arrival on a region-stream subscriber − due time");
    }

    /// <summary>Opens the cases in slices of <see cref="Slice"/>, each slice at its time whether or not the last has
    /// finished, so that the due times keep their spacing however the silo keeps up.</summary>
    static async Task<string[]> OpenEvenlyAsync(InProcessSilo silo, int count, TimeSpan window)
    {
        var slices = (int)(window / Slice);
        var perSlice = (count + slices - 1) / slices;
        var started = Stopwatch.StartNew();
        var opening = new List<Task<string[]>>();
        for (var first = 0; first < count; first += perSlice)
        {
            var wait = Slice * opening.Count - started.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
            opening.Add(DemoGrid.OpenCasesAsync(silo.Grains, silo.Clock, Math.Min(perSlice, count - first), first));
        }
        return [.. (await Task.WhenAll(opening)).SelectMany(ids => ids)];
    }
}
