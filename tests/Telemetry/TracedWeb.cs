using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using ServiceGrid.Cases;
using ServiceGrid.Tests.Infrastructure;
using ServiceGrid.Tests.Web;

namespace ServiceGrid.Tests.Telemetry;

/// <summary>The web process as shipped, its traces and metrics kept in memory by the SDK's in-memory exporters.</summary>
public sealed class TracedWeb : WebFixture
{
    readonly List<Activity> _spans = [];
    readonly List<Metric> _metrics = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services
            .ConfigureOpenTelemetryTracerProvider(traces => traces.AddInMemoryExporter(new Locked(_spans)))
            .ConfigureOpenTelemetryMeterProvider(meters => meters.AddInMemoryExporter(_metrics)));
    }

    /// <summary>The names of the instruments the process exports, after a collection made now.</summary>
    public IReadOnlySet<string> ExportedInstruments()
    {
        Assert.True(Services.GetRequiredService<MeterProvider>().ForceFlush());
        lock (_metrics) return _metrics.Select(metric => metric.Name).ToHashSet();
    }

    /// <summary>
    /// Opens a case under a trace of the test's own (a W3C <c>traceparent</c>, as a browser's instrumentation sends),
    /// and answers that trace's spans once its HTTP span and the spans <paramref name="complete"/> waits for are exported.
    /// Other tests' traces, exported to the same listeners in this process, carry other trace ids.
    /// </summary>
    public async Task<IReadOnlyList<Activity>> TraceOfIntakeAsync(Func<IReadOnlyList<Activity>, bool> complete)
    {
        var traceId = ActivityTraceId.CreateRandom();
        await OpenCaseUnderAsync(traceId, sampled: true);
        return await Eventually.Until(() => Task.FromResult(SpansOf(traceId)), spans => spans.Any(IsHttpServer) && complete(spans));
    }

    /// <summary>Opens a case under the caller's trace <paramref name="traceId"/>, recorded or not as its flag says; answers the case.</summary>
    public async Task<CaseView> OpenCaseUnderAsync(ActivityTraceId traceId, bool sampled)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/cases")
        {
            Content = JsonContent.Create(ApiClient.OpenBody(Severity.P2, "north"), options: ApiClient.Json),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-{(sampled ? "01" : "00")}");
        using var response = await Api("csc").Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CaseView>(ApiClient.Json))!;
    }

    /// <summary>Every exported span, of any trace, that has a tag naming <paramref name="value"/> (a grain call's target, say).</summary>
    public List<Activity> SpansTagged(string value)
    {
        lock (_spans) return _spans.Where(span => span.TagObjects.Any(tag => tag.Value?.ToString()?.Contains(value, StringComparison.Ordinal) == true)).ToList();
    }

    public static bool IsHttpServer(Activity span) => span is { Kind: ActivityKind.Server, Source.Name: "Microsoft.AspNetCore" };

    /// <summary>Whether <paramref name="span"/> descends from <paramref name="ancestor"/> through spans of the trace.</summary>
    public static bool Descends(Activity span, Activity ancestor, IReadOnlyList<Activity> trace)
    {
        var bySpanId = trace.ToDictionary(s => s.SpanId);
        for (var current = span; bySpanId.TryGetValue(current.ParentSpanId, out var parent); current = parent)
            if (parent.SpanId == ancestor.SpanId) return true;
        return false;
    }

    List<Activity> SpansOf(ActivityTraceId traceId)
    {
        lock (_spans) return _spans.Where(span => span.TraceId == traceId).ToList();
    }

    /// <summary>The exporter adds from the SDK's export path while a test reads: one lock for both.</summary>
    sealed class Locked(List<Activity> spans) : System.Collections.ObjectModel.Collection<Activity>
    {
        protected override void InsertItem(int index, Activity item)
        {
            lock (spans) spans.Add(item);
        }
    }
}
