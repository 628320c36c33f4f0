using System.Diagnostics.Metrics;
using System.Text.Json;
using ServiceGrid.Cases;

namespace ServiceGrid.Telemetry;

/// <summary>
/// The figures an operator of the grid watches, on the <see cref="MeterName"/> meter (exported with Orleans' and the
/// runtime's; docs/observability.md names the alerts). One instance per process, from the host's
/// <see cref="IMeterFactory"/>; silos and web nodes record into it, each what it sees.
/// </summary>
public sealed class ServiceGridMetrics
{
    public const string MeterName = "ServiceGrid";

    public ServiceGridMetrics(IMeterFactory meters)
    {
        Meter = meters.Create(MeterName);
        CasesOpened = Meter.CreateCounter<long>("servicegrid.cases.opened", "{case}", "Cases opened, by severity and kind.");
        CasesEscalated = Meter.CreateCounter<long>("servicegrid.cases.escalated", "{case}", "Escalations to a higher tier, by severity.");
        SlaBreaches = Meter.CreateCounter<long>("servicegrid.sla.breaches", "{milestone}", "SLA milestones breached, by severity and milestone.");
        SlaAtRisk = Meter.CreateCounter<long>("servicegrid.sla.at_risk", "{milestone}", "SLA milestones that became at risk, by severity and milestone.");
        SlaEventLateness = Meter.CreateHistogram("servicegrid.sla.event_lateness", "s",
            "How long after its due time a breach or at-risk transition was recorded, by transition and milestone.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300] });
        CreateToBoard = Meter.CreateHistogram("servicegrid.board.create_to_board", "s",
            "From a case's opening to its row being handed to this web node's board clients.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        BoardQueueDepth = Meter.CreateUpDownCounter<long>("servicegrid.board.queue_depth", "{event}",
            "Board events received by this web node and not yet handed to its clients.");
        BoardEventsDropped = Meter.CreateCounter<long>("servicegrid.board.events_dropped", "{event}",
            "Board events given up (a sequencer unreachable past its hold time, a send to clients that failed); clients recover by snapshot.");
        ProjectionLag = Meter.CreateHistogram("servicegrid.projection.lag", "s",
            "From a case's change to its row in the query tables (durable mode's cases and case_events).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });
        ClaimConflicts = Meter.CreateCounter<long>("servicegrid.claims.conflicts", "{claim}", "Claims refused because another branch won the race.");
        Recommendations = Meter.CreateHistogram<double>("servicegrid.recommendations.duration", "s", "Recommendations computed (count and duration).");
        Replans = Meter.CreateHistogram<double>("servicegrid.replans.duration", "s", "Re-plans computed (count and duration).");
    }

    public Meter Meter { get; }
    public Counter<long> CasesOpened { get; }
    public Counter<long> CasesEscalated { get; }
    public Counter<long> SlaBreaches { get; }
    public Counter<long> SlaAtRisk { get; }
    public Histogram<double> SlaEventLateness { get; }
    public Histogram<double> CreateToBoard { get; }
    public UpDownCounter<long> BoardQueueDepth { get; }
    public Counter<long> BoardEventsDropped { get; }
    public Histogram<double> ProjectionLag { get; }
    public Counter<long> ClaimConflicts { get; }
    /// <summary>The in-grain time of each recommendation (the dispatch grain's ranking); its count is the histogram's.</summary>
    public Histogram<double> Recommendations { get; }
    /// <summary>One sample per re-plan: an engineer's jobs re-dispatched or proposed after they dropped out.</summary>
    public Histogram<double> Replans { get; }

    public void CaseOpened(Severity severity, CaseKind kind) =>
        CasesOpened.Add(1, new KeyValuePair<string, object?>("severity", severity.ToString()), new("kind", Tag(kind)));

    public void CaseEscalated(Severity severity) => CasesEscalated.Add(1, new KeyValuePair<string, object?>("severity", severity.ToString()));

    /// <summary>A breach or at-risk transition, recorded <paramref name="lateness"/> after it fell due.</summary>
    public void SlaTransition(Severity severity, Milestone milestone, bool breached, TimeSpan lateness)
    {
        var severityTag = new KeyValuePair<string, object?>("severity", severity.ToString());
        var milestoneTag = new KeyValuePair<string, object?>("milestone", Tag(milestone));
        (breached ? SlaBreaches : SlaAtRisk).Add(1, severityTag, milestoneTag);
        SlaEventLateness.Record(Math.Max(0, lateness.TotalSeconds), new("transition", breached ? "breached" : "atRisk"), milestoneTag);
    }

    /// <summary>An enum value as the API spells it (<c>onsite</c>, <c>service</c>); severities keep their <c>P1</c>…<c>P5</c>.</summary>
    static string Tag<TEnum>(TEnum value) where TEnum : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
