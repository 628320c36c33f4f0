using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Diagnostics;
using ServiceGrid.Grains;
using ServiceGrid.Telemetry;

namespace ServiceGrid.Silo.Hosting;

/// <summary>What a process exports of its traces, metrics and logs (section <c>ServiceGrid:Telemetry</c>; docs/observability.md).</summary>
public sealed class TelemetryOptions
{
    public const string Section = "ServiceGrid:Telemetry";

    /// <summary>Off: no traces, metrics or log export at all (the <c>telemetry</c> benchmark's baseline).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// A port of its own on which <c>/metrics</c> answers in Prometheus' text format; 0 (the default) serves none. Never
    /// the public port: the figures are for the operator's scraper, on a network the public does not reach.
    /// </summary>
    [Range(0, 65535)]
    public int PrometheusPort { get; set; }

    /// <summary>
    /// The share of new traces recorded. Every intake fans out to a few dozen spans (grain activations, storage, the
    /// region, projection and board deliveries that follow it): recording all of them costs intake more than the 5 %
    /// the telemetry benchmark allows. A request that arrives with a sampled W3C <c>traceparent</c> is always traced.
    /// </summary>
    [Range(0.0, 1.0)]
    public double TraceSampleRatio { get; set; } = 0.1;

    /// <summary>The host name the Prometheus listener binds: <c>localhost</c>, or <c>*</c> in a container.</summary>
    [Required]
    public string PrometheusHost { get; set; } = "localhost";
}

public static class ServiceGridTelemetry
{
    /// <summary>The standard variable; when it is set every signal goes out over OTLP (with the other <c>OTEL_*</c> variables).</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Orleans' instruments that record on every message or directory lookup, several times per intake: a cost on every
    /// call for figures (message sizes, queue hand-offs) that no alert or dashboard here reads. Activations, grain call
    /// latency, storage latency, and failed, dropped, expired or rejected messages stay (docs/observability.md).
    /// </summary>
    static readonly string[] PerMessageOrleansInstruments =
    [
        "orleans-messaging-sent-messages-size", "orleans-messaging-received-messages-size", "orleans-messaging-sent-header-size",
        "orleans-messaging-received-header-size", "orleans-messaging-sent-local", "orleans-messaging-processing-*",
        "orleans-gateway-sent", "orleans-gateway-received", "orleans-directory-lookups-*",
    ];

    /// <summary>
    /// OpenTelemetry for a silo or web process: Orleans' grain calls and storage, Npgsql, the runtime and the
    /// <see cref="ServiceGridMetrics.MeterName"/> meter; <paramref name="tracing"/> and <paramref name="metrics"/> add a
    /// process's own sources (the web's ASP.NET Core and SignalR). Exporters: OTLP when
    /// <see cref="OtlpEndpointVariable"/> is set, Prometheus on <see cref="TelemetryOptions.PrometheusPort"/>.
    /// Log lines carry the trace and span ids of the request they belong to either way.
    /// </summary>
    public static IServiceCollection AddServiceGridTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName,
        Action<TracerProviderBuilder>? tracing = null, Action<MeterProviderBuilder>? metrics = null)
    {
        services.AddValidatedOptions<TelemetryOptions>(configuration, TelemetryOptions.Section);
        services.Configure<LoggerFactoryOptions>(logging =>
            logging.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        var options = configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (!options.Enabled) return services;

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(traces =>
            {
                traces.SetSampler(new UnrecordedCallsSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(options.TraceSampleRatio))));
                traces.AddSource(ActivitySources.ApplicationGrainActivitySourceName, ActivitySources.RuntimeActivitySourceName,
                    ActivitySources.StorageActivitySourceName).AddNpgsql();
                tracing?.Invoke(traces);
            })
            .WithMetrics(meters =>
            {
                meters.AddMeter("Microsoft.Orleans", ServiceGridMetrics.MeterName).AddRuntimeInstrumentation().AddNpgsqlInstrumentation();
                foreach (var perMessage in PerMessageOrleansInstruments) meters.AddView(perMessage, MetricStreamConfiguration.Drop);
                metrics?.Invoke(meters);
                if (options.PrometheusPort > 0)
                    meters.AddPrometheusHttpListener(listener =>
                        (listener.Host, listener.Port, listener.ScrapeEndpointPath) = (options.PrometheusHost, options.PrometheusPort, "/metrics"));
            })
            .WithLogging();
        if (!string.IsNullOrWhiteSpace(configuration[OtlpEndpointVariable])) telemetry.UseOtlpExporter();
        return services;
    }
}
