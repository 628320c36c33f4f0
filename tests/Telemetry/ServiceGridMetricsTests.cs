using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using ServiceGrid.Cases;
using ServiceGrid.Organization;
using ServiceGrid.Telemetry;
using ServiceGrid.Tests.Infrastructure;
using static ServiceGrid.Tests.Infrastructure.TestOrganization;

namespace ServiceGrid.Tests.Telemetry;

/// <summary>
/// The ServiceGrid meter's figures, recorded by the grains as the fake clock moves. A cluster of its own: the shared
/// one's clock would breach other tests' cases into these counts.
/// </summary>
public sealed class ServiceGridMetricsTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>, IDisposable
{
    readonly Measurements _measured = new(fixture.SiloServices.GetRequiredService<ServiceGridMetrics>().Meter);

    [Fact]
    public async Task A_breached_deadline_is_counted_with_its_lateness_after_the_due_time()
    {
        var opened = await fixture.Grains.OpenCaseAsync(Severity.P3, East);
        var grain = fixture.Grains.GetGrain<ICaseGrain>(opened.Id);
        var due = opened.Sla.Response.DueAt!.Value;

        await fixture.AdvanceAsync(due - opened.OpenedAt + TimeSpan.FromSeconds(90));
        await Eventually.Until(grain.Get, view => view!.Sla.Response.Status == MilestoneStatus.Breached);

        Assert.Equal(1, _measured.Count("servicegrid.cases.opened", ("severity", "P3"), ("kind", "service")));
        Assert.Equal(1, _measured.Count("servicegrid.sla.breaches", ("severity", "P3"), ("milestone", "response")));
        Assert.Equal(1, _measured.Count("servicegrid.cases.escalated", ("severity", "P3")));
        Assert.Equal([90.0], _measured.Values("servicegrid.sla.event_lateness", ("transition", "breached"), ("milestone", "response")));
    }

    [Fact]
    public async Task A_claim_that_lost_the_race_is_counted_as_a_conflict()
    {
        // P5: no deadline of its falls due while the other test moves the clock by an hour.
        var opened = await fixture.Grains.OpenCaseAsync(Severity.P5, East);
        var grain = fixture.Grains.GetGrain<ICaseGrain>(opened.Id);
        await grain.Claim(Shanghai, "branch-shanghai");

        await Assert.ThrowsAsync<DomainException>(() => grain.Claim(Hangzhou, "branch-hangzhou"));

        Assert.Equal(1, _measured.Count("servicegrid.claims.conflicts"));
    }

    [Fact]
    public async Task A_recommendation_is_counted_with_its_computation_time()
    {
        var opened = await fixture.Grains.OpenCaseAsync(Severity.P5, East);

        var candidates = await fixture.Grains.GetGrain<IDispatchGrain>(East).Recommend(opened, [], limit: 5);

        Assert.NotNull(candidates);
        Assert.Single(_measured.Values("servicegrid.recommendations.duration"), seconds => seconds >= 0);
    }

    public void Dispose() => _measured.Dispose();

    /// <summary>What a host's meter records while a test runs (tests of a collection run one at a time).</summary>
    internal sealed class Measurements : IDisposable
    {
        readonly MeterListener _listener = new();
        readonly ConcurrentQueue<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)> _recorded = new();

        public Measurements(Meter meter)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter, meter)) listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => _recorded.Enqueue((instrument.Name, value, tags.ToArray())));
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => _recorded.Enqueue((instrument.Name, value, tags.ToArray())));
            _listener.Start();
        }

        public long Count(string instrument, params (string Key, string Value)[] tags) => (long)Values(instrument, tags).Sum();

        public double[] Values(string instrument, params (string Key, string Value)[] tags) => _recorded
            .Where(m => m.Instrument == instrument && tags.All(tag => m.Tags.Any(t => t.Key == tag.Key && Equals(t.Value, tag.Value))))
            .Select(m => m.Value)
            .ToArray();

        public void Dispose() => _listener.Dispose();
    }
}
