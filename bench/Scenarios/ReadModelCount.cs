using ServiceGrid.Events;

namespace ServiceGrid.Bench.Scenarios;

/// <summary>The active cases the regions' read models hold: the sign that the streams have delivered what was opened.</summary>
public sealed class ReadModelCount(IGrainFactory grains)
{
    static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(2);

    public async Task<int> ActiveAsync()
    {
        var counts = await Task.WhenAll(DemoGrid.Regions.Select(region => grains.GetGrain<IRegionGrain>(region).GetCounts()));
        return counts.Sum(count => count.Active);
    }

    public async Task UntilAsync(int active)
    {
        var deadline = DateTime.UtcNow + MaxWait;
        int held;
        while ((held = await ActiveAsync()) < active)
        {
            if (DateTime.UtcNow >= deadline)
                throw new TimeoutException($"The region read models hold {held} active cases after {MaxWait}; {active} were opened.");
            await Task.Delay(100);
        }
    }
}
