using System.Diagnostics;

namespace ServiceGrid.Silo.Hosting;

/// <summary>
/// Carries the context of a trace that is not recorded into the grain calls made under it, so that they stay unrecorded.
/// Orleans' activity propagation writes a call's <c>traceparent</c> only when it starts a span for the call, which it
/// does only in a recorded trace: the grain calls of an unrecorded request reached their grains with no parent, each
/// started a trace of its own there, the sampler recorded its share of those, and threw the dice again at every call
/// further down: spans that no request led to, recorded and exported on the intake path (<c>UnrecordedTracingTests</c>).
/// </summary>
public sealed class UnsampledTraceContext : IOutgoingGrainCallFilter
{
    /// <summary>The header Orleans' propagation reads on the receiving side (W3C trace context).</summary>
    const string TraceParent = "traceparent";

    public Task Invoke(IOutgoingGrainCallContext context)
    {
        // A recorded span gets its child span and context from Orleans' own filter, before or after this one.
        if (Activity.Current is { Recorded: false, IdFormat: ActivityIdFormat.W3C, Id: { } unrecorded })
            RequestContext.Set(TraceParent, unrecorded);
        return context.Invoke();
    }
}
