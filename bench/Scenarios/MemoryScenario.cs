using ServiceGrid.Bench.Harness;
using ServiceGrid.Grains.Organization;
using ServiceGrid.Organization;

namespace ServiceGrid.Bench.Scenarios;

/// <summary>
/// Memory of one silo as active cases and engineers are added, on an in-process silo with the web's GC settings: managed
/// heap after a full collection (what the grid holds) and resident memory (what the machine pays), per 10,000 cases
/// and per 1,000 engineers.
/// </summary>
public static class MemoryScenario
{
    const string Name = "memory";

    public static async Task RunAsync(BenchOptions options, Report report)
    {
        var cases = options.Smoke ? 2_000 : options.Cases ?? 100_000;
        var step = Math.Max(1, cases / 10);
        var engineers = options.Smoke ? 200 : 5_000;
        await using var silo = await InProcessSilo.StartAsync(Path.Combine(options.Output, "logs", $"{Name}-silo.log"), new Dictionary<string, string?>());

        var readModels = new ReadModelCount(silo.Grains);
        var activeAtStart = await readModels.ActiveAsync();
        var (baseHeap, baseRss) = await SettleAsync(readModels, activeAtStart);
        Output.Line($"  start: heap {ProcessMemory.Mib(baseHeap):0} MiB, RSS {ProcessMemory.Mib(baseRss):0} MiB");
        long heap = baseHeap, rss = baseRss;
        for (var opened = 0; opened < cases; opened += step)
        {
            await DemoGrid.OpenCasesAsync(silo.Grains, silo.Clock, Math.Min(step, cases - opened), opened);
            (heap, rss) = await SettleAsync(readModels, activeAtStart + Math.Min(opened + step, cases));
            Output.Line($"  {opened + step:#,0} cases: heap {ProcessMemory.Mib(heap):0} MiB, RSS {ProcessMemory.Mib(rss):0} MiB");
        }
        var (casesHeap, casesRss) = (heap, rss);

        await Parallel.ForEachAsync(Enumerable.Range(1, engineers), new ParallelOptions { MaxDegreeOfParallelism = 256 }, async (n, _) =>
        {
            var (region, branch) = DemoGrid.Branches[n % DemoGrid.Branches.Length];
            await silo.Grains.GetGrain<IEngineerGrain>($"eng-bench-{n}")
                .Register(new EngineerProfile($"Bench engineer {n}", branch, region, new GeoPoint(30 + n % 10 * 0.1, 115 + n % 7 * 0.1)));
        });
        var (allHeap, allRss) = await SettleAsync(readModels, activeAtStart + cases);
        Output.Line($"  + {engineers:#,0} engineers: heap {ProcessMemory.Mib(allHeap):0} MiB, RSS {ProcessMemory.Mib(allRss):0} MiB");

        double PerCases(long bytes) => ProcessMemory.Mib(bytes) / cases * 10_000;
        double PerEngineers(long bytes) => ProcessMemory.Mib(bytes) / engineers * 1_000;
        report.Add(new Figure(Name, "silo at start (demo organization)", ProcessMemory.Mib(baseRss), "MiB RSS"));
        report.Add(new Figure(Name, "heap per 10,000 active cases", PerCases(casesHeap - baseHeap), "MiB"));
        report.Add(new Figure(Name, "RSS per 10,000 active cases", PerCases(casesRss - baseRss), "MiB"));
        report.Add(new Figure(Name, "heap per 1,000 engineers", PerEngineers(allHeap - casesHeap), "MiB"));
        report.Add(new Figure(Name, "RSS per 1,000 engineers", PerEngineers(allRss - casesRss), "MiB"));
        report.Add(new Figure(Name, $"RSS with {cases:#,0} cases + {engineers:#,0} engineers", ProcessMemory.Mib(allRss), "MiB",
            Target: options.Smoke ? null : "< 2,048 MiB", Met: options.Smoke ? null : ProcessMemory.Mib(allRss) < 2048));
        report.Note(Name, "the RSS differences move with how much freed memory the GC hands back to the system between two " +
            "measurements; below some 10,000 cases (smoke mode) that noise is larger than the cases and can make them negative, " +
            "while the heap after a full collection grows with the cases alone");
        report.Note(Name, "in-process silo (product configuration, embedded mode, server GC as in the web); cases are P3 with the default SLA " +
            "(timers and reminders armed, region read models holding every case); heap measured after a forced full compacting GC");
    }

    /// <summary>Waits until the region read models hold every case opened so far, then collects fully and measures.</summary>
    static async Task<(long Heap, long Rss)> SettleAsync(ReadModelCount readModels, int active)
    {
        await readModels.UntilAsync(active);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        return (heap, ProcessMemory.ResidentBytes(Environment.ProcessId));
    }
}
