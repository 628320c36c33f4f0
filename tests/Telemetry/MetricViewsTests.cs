using System.Diagnostics;

namespace ServiceGrid.Tests.Telemetry;

/// <summary>Orleans' per-message instruments are dropped from the export; the ones an operator reads stay.</summary>
public sealed class MetricViewsTests(TracedWeb web) : IClassFixture<TracedWeb>
{
    [Fact]
    public async Task Grain_call_latency_and_activations_are_exported_and_the_per_message_figures_are_not()
    {
        await web.OpenCaseUnderAsync(ActivityTraceId.CreateRandom(), sampled: false);

        var exported = web.ExportedInstruments();

        Assert.Contains("orleans-app-requests-latency", exported);
        Assert.Contains("orleans-catalog-activations", exported);
        Assert.DoesNotContain(exported, name => name.StartsWith("orleans-messaging-processing-", StringComparison.Ordinal)
            || name.StartsWith("orleans-directory-lookups-", StringComparison.Ordinal)
            || name is "orleans-messaging-sent-local" or "orleans-messaging-sent-messages-size" or "orleans-messaging-received-messages-size");
    }
}
