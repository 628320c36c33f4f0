using System.Collections.Concurrent;
using Orleans.Streams;
using Orleans.Streams.Core;
using ServiceGrid.Cases;
using ServiceGrid.Events;

namespace ServiceGrid.Bench.Probes;

/// <summary>A consumer of the region streams, like the region read model and the board: it only listens.</summary>
public interface IBreachProbeGrain : IGrainWithStringKey
{
    Task Touch();
}

/// <summary>
/// Follows every region's event stream and notes, for each SLA breach the grid announces, how long after the due time
/// it arrived: the lateness a subscriber sees, not just the moment the case grain wrote it.
/// </summary>
[ImplicitStreamSubscription(GridStreams.RegionEvents)]
public sealed class BreachProbeGrain(TimeProvider clock) : Grain, IBreachProbeGrain, IStreamSubscriptionObserver
{
    public Task Touch() => Task.CompletedTask;

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        handleFactory.Create<RegionEvent>().ResumeAsync((regionEvent, _) =>
        {
            if (regionEvent is CaseChanged changed) BreachLog.Observe(changed, clock.GetUtcNow());
            return Task.CompletedTask;
        });
}

/// <summary>What the probes saw, shared with the scenario in the same process.</summary>
public static class BreachLog
{
    static readonly ConcurrentDictionary<string, double> _lateness = new();
    static readonly ConcurrentDictionary<(string CaseId, int Version), bool> _escalations = new();
    static long _duplicates;

    public static int Breaches => _lateness.Count;
    public static ICollection<double> LatenessMs => _lateness.Values;
    public static long Duplicates => Interlocked.Read(ref _duplicates);
    public static int EscalationEvents => _escalations.Count;

    public static void Reset()
    {
        _lateness.Clear();
        _escalations.Clear();
        Interlocked.Exchange(ref _duplicates, 0);
    }

    public static void Observe(CaseChanged changed, DateTimeOffset now)
    {
        foreach (var entry in changed.Entries)
        {
            if (entry.Type == TimelineTypes.SlaBreached && entry.Milestone == Milestone.Response
                && changed.Case.Sla.Response.DueAt is { } due
                && !_lateness.TryAdd(changed.Case.Id, (now - due).TotalMilliseconds))
                Interlocked.Increment(ref _duplicates);
            if (entry.Type == TimelineTypes.Escalated) _escalations.TryAdd((changed.Case.Id, entry.Version), true);
        }
    }
}
