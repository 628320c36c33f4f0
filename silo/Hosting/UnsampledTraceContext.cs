using System.Diagnostics;
using OpenTelemetry.Trace;

namespace ServiceGrid.Silo.Hosting;

/// <summary>
/// Keeps the grain calls made under a trace that is not recorded unrecorded. Orleans' activity propagation writes a call's
/// <c>traceparent</c> only when it starts a span for the call, which it does only in a recorded trace: the grain calls of
/// an unrecorded request reached their grains with no parent, each started a trace of its own there, the sampler recorded
/// its share of those, and threw the dice again at every call further down: spans that no request led to, recorded and
/// exported on the intake path (<c>UnrecordedTracingTests</c>). Passing the unrecorded context itself on would make Orleans
/// create an activity for every one of those calls, recorded or not, so the call carries a mark instead, which
/// <see cref="UnrecordedCallsSampler"/> reads: no activity at all. <c>RequestContext</c>
/// travels with every call further down, so the mark is set once, at the first call.
/// </summary>
public sealed class UnsampledTraceContext : IOutgoingGrainCallFilter
{
    public const string Mark = "servicegrid-unrecorded";

    public Task Invoke(IOutgoingGrainCallContext context)
    {
        if (Activity.Current is { Recorded: false } && RequestContext.Get(Mark) is null) RequestContext.Set(Mark, true);
        return context.Invoke();
    }
}

/// <summary>
/// Drops a new trace that would start inside a call that <see cref="UnsampledTraceContext"/> marked as part of an unrecorded
/// one; everything else is <paramref name="inner"/>'s decision.
/// </summary>
public sealed class UnrecordedCallsSampler(Sampler inner) : Sampler
{
    static readonly SamplingResult Dropped = new(SamplingDecision.Drop);

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        samplingParameters.ParentContext.TraceId == default && RequestContext.Get(UnsampledTraceContext.Mark) is not null
            ? Dropped
            : inner.ShouldSample(samplingParameters);
}
