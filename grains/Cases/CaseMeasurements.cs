using ServiceGrid.Cases;
using ServiceGrid.Telemetry;

namespace ServiceGrid.Grains.Cases;

/// <summary>
/// What a case's stored changes mean to an operator (<see cref="ServiceGridMetrics"/>): each timeline entry is counted
/// once, after it is stored, by the activation that stored it (a version stored before this activation is not counted
/// again, however often it is announced again).
/// </summary>
public sealed class CaseMeasurements(ServiceGridMetrics metrics, int storedVersion)
{
    int _measuredVersion = storedVersion;

    public void Stored(CaseRecord record)
    {
        var timeline = record.Timeline;
        var first = timeline.Count;
        while (first > 0 && timeline[first - 1].Version > _measuredVersion) first--;
        foreach (var entry in timeline.Skip(first))
        {
            switch (entry.Type)
            {
                case TimelineTypes.Opened:
                    metrics.CaseOpened(record.Severity, record.Kind);
                    break;
                case TimelineTypes.Escalated:
                    metrics.CaseEscalated(record.Severity);
                    break;
                case TimelineTypes.SlaBreached when entry.Milestone is { } milestone && record.Sla[milestone].DueAt is { } due:
                    metrics.SlaTransition(record.Severity, milestone, breached: true, entry.At - due);
                    break;
                case TimelineTypes.SlaAtRisk when entry.Milestone is { } milestone && record.Sla[milestone].AtRiskAt is { } atRisk:
                    metrics.SlaTransition(record.Severity, milestone, breached: false, entry.At - atRisk);
                    break;
            }
        }
        _measuredVersion = record.Version;
    }
}
