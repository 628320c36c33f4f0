using ServiceGrid.Cases;

namespace ServiceGrid.Bench.Scenarios;

/// <summary>The demo organization's ids (API.md) and a way to open many cases on an in-process silo.</summary>
public static class DemoGrid
{
    public static readonly (string Region, string Branch)[] Branches =
    [
        ("north", "beijing"), ("north", "tianjin"), ("northeast", "shenyang"), ("northeast", "harbin"),
        ("east", "shanghai"), ("east", "hangzhou"), ("south", "guangzhou"), ("south", "shenzhen"),
        ("central", "wuhan"), ("central", "changsha"), ("southwest", "chengdu"), ("southwest", "chongqing"),
        ("northwest", "xian"), ("northwest", "lanzhou"),
    ];

    public static IEnumerable<string> Regions => Branches.Select(b => b.Region).Distinct();

    /// <summary>Opens <paramref name="count"/> P3 service cases straight on the grains, 256 at a time; returns their ids.</summary>
    public static async Task<string[]> OpenCasesAsync(IGrainFactory grains, TimeProvider clock, int count, int first = 0)
    {
        var ids = new string[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 256 }, async (i, _) =>
        {
            var id = ids[i] = CaseIds.New(clock);
            await grains.GetGrain<ICaseGrain>(id).Open(new OpenCase
            {
                CustomerId = $"cust-{(first + i) % 210 + 1}",
                Kind = CaseKind.Service,
                Severity = Severity.P3,
                Channel = Channel.Hotline,
                Title = $"Bench case {first + i}",
                Description = "Opened by the benchmark.",
                Actor = "bench",
            });
        });
        return ids;
    }
}
