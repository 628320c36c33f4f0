using Orleans.Runtime;
using Orleans.Streams;
using ServiceGrid.Events;

namespace ServiceGrid.Grains;

/// <summary>The streams every grain publishes its changes on, after the change is stored.</summary>
public static class GridEventStreams
{
    public static IAsyncStream<RegionEvent> RegionStream(this Grain grain, string region) =>
        grain.GetStreamProvider(GridStreams.Provider)
            .GetStream<RegionEvent>(StreamId.Create(GridStreams.RegionEvents, region));

    public static IAsyncStream<RegionEvent> EngineerStream(this Grain grain, string region) =>
        grain.GetStreamProvider(GridStreams.Provider)
            .GetStream<RegionEvent>(StreamId.Create(GridStreams.RegionEngineers, region));

    public static IAsyncStream<Alert> AlertStream(this Grain grain) =>
        grain.GetStreamProvider(GridStreams.Provider)
            .GetStream<Alert>(StreamId.Create(GridStreams.Alerts, GridStreams.AllKey));
}
