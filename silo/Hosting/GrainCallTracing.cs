using System.Diagnostics;
using Orleans.Diagnostics;
using OpenTelemetry.Trace;

namespace ServiceGrid.Silo.Hosting;

/// <summary>
/// Grain-call spans on Orleans' own activity sources, as its propagation filters make them, but only inside a recorded
/// trace. Orleans' filters start an activity for every incoming call that carries no recorded parent, and the
/// OpenTelemetry SDK hands out an unrecorded one for each root it does not sample: several per intake, a tenth of a
/// request's CPU for spans nobody sees (docs/performance.md, <c>telemetry</c> bench). Here the calls of a request that
/// is not recorded carry a mark instead, and neither they nor anything they cause start an activity; a call that comes
/// from no request at all (a reminder, a timer) starts a trace of its own, sampled like any other.
/// </summary>
public static class GrainCallTracing
{
    /// <summary>Set in <c>RequestContext</c> by the first call of a request that is not recorded; it travels down the call chain.</summary>
    public const string UnrecordedMark = "servicegrid-unrecorded";

    static readonly ActivitySource Application = new(ActivitySources.ApplicationGrainActivitySourceName);
    static readonly ActivitySource Runtime = new(ActivitySources.RuntimeActivitySourceName);
    static readonly ActivitySource Storage = new(ActivitySources.StorageActivitySourceName);

    public static ISiloBuilder AddGrainCallTracing(this ISiloBuilder silo) =>
        silo.AddOutgoingGrainCallFilter<Outgoing>().AddIncomingGrainCallFilter<Incoming>();

    public static IClientBuilder AddGrainCallTracing(this IClientBuilder client) =>
        client.AddOutgoingGrainCallFilter<Outgoing>().AddIncomingGrainCallFilter<Incoming>();

    internal static bool IsUnrecorded => RequestContext.Get(UnrecordedMark) is not null;

    /// <summary>A client span under the caller's recorded span, its context passed on; the mark for an unrecorded caller.</summary>
    sealed class Outgoing : IOutgoingGrainCallFilter
    {
        public Task Invoke(IOutgoingGrainCallContext context)
        {
            var caller = Activity.Current;
            if (caller is null) return context.Invoke();
            if (!caller.Recorded)
            {
                if (!IsUnrecorded) RequestContext.Set(UnrecordedMark, true);
                return context.Invoke();
            }
            var activity = SourceOf(context).StartActivity(context.Request.GetActivityName(), ActivityKind.Client);
            if (activity is null) return context.Invoke();
            DistributedContextPropagator.Current.Inject(activity, null, static (_, key, value) => RequestContext.Set(key, value));
            return TraceAsync(context, activity);
        }
    }

    /// <summary>A server span under the caller's recorded span, none for a marked call, a new trace for a call from no request.</summary>
    sealed class Incoming : IIncomingGrainCallFilter
    {
        public Task Invoke(IIncomingGrainCallContext context)
        {
            if (IsUnrecorded) return context.Invoke();
            DistributedContextPropagator.Current.ExtractTraceIdAndState(null,
                static (_, name, out value, out values) => (value, values) = (RequestContext.Get(name) as string, null), out var traceParent, out var traceState);
            var source = SourceOf(context);
            Activity? activity;
            if (string.IsNullOrEmpty(traceParent))
                activity = source.CreateActivity(context.Request.GetActivityName(), ActivityKind.Server);
            else if (ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var parent) && parent.TraceFlags.HasFlag(ActivityTraceFlags.Recorded))
                activity = source.CreateActivity(context.Request.GetActivityName(), ActivityKind.Server, parent);
            else
            {
                RequestContext.Set(UnrecordedMark, true);
                return context.Invoke();
            }
            if (activity is null) return context.Invoke();
            activity.Start();
            return TraceAsync(context, activity);
        }
    }

    static ActivitySource SourceOf(IGrainCallContext context)
    {
        var contract = context.Request.GetInterfaceType();
        return contract.Name switch
        {
            "IMemoryStorageGrain" => Storage,
            "IAsyncEnumerableGrainExtension" => Application,
            _ => contract.Namespace?.StartsWith("Orleans", StringComparison.Ordinal) == true ? Runtime : Application,
        };
    }

    /// <summary>The RPC attributes Orleans' own spans carry (rpc semantic conventions), and the error a call ended with.</summary>
    static async Task TraceAsync(IGrainCallContext context, Activity activity)
    {
        using var _ = activity;
        if (activity.IsAllDataRequested)
        {
            activity.SetTag("rpc.system.name", "orleans");
            activity.SetTag("orleans.rpc.service", context.InterfaceName);
            activity.SetTag("rpc.method", $"{context.InterfaceName}/{context.MethodName}");
            activity.SetTag("orleans.rpc.target_id", context.TargetId.ToString());
            if (context.SourceId is { } source) activity.SetTag("orleans.rpc.source_id", source.ToString());
        }
        try
        {
            await context.Invoke();
        }
        catch (Exception e) when (activity.IsAllDataRequested)
        {
            activity.SetStatus(ActivityStatusCode.Error, e.Message);
            activity.AddException(e);
            throw;
        }
    }
}

/// <summary>
/// Drops a new trace that would start inside a call that <see cref="GrainCallTracing"/> marked as part of an unrecorded
/// one (a storage operation's, Npgsql's); everything else is <paramref name="inner"/>'s decision.
/// </summary>
public sealed class UnrecordedCallsSampler(Sampler inner) : Sampler
{
    static readonly SamplingResult Dropped = new(SamplingDecision.Drop);

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        samplingParameters.ParentContext.TraceId == default && GrainCallTracing.IsUnrecorded ? Dropped : inner.ShouldSample(samplingParameters);
}
