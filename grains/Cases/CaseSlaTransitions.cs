using ServiceGrid.Cases;
using ServiceGrid.Grains.Sla;

namespace ServiceGrid.Grains.Cases;

/// <summary>
/// Records on a case the SLA deadlines that have passed (<see cref="SlaClock.Advance"/>): an entry for each milestone
/// found at risk or breached, and the escalation a breach brings. Each is recorded once, whichever wakes the case first.
/// </summary>
public static class CaseSlaTransitions
{
    /// <summary>The actor of the SLA's own entries (at risk, breached, the escalation, an overdue notice).</summary>
    public const string Actor = "sla";

    /// <param name="upTo">The time up to which deadlines have passed: now, or when the command being handled was done.</param>
    /// <returns>How many transitions were recorded; none leaves the record as it was.</returns>
    public static int RecordDue(CaseRecord record, DateTimeOffset upTo, DateTimeOffset now)
    {
        var (clocks, transitions) = SlaClock.Advance(record.Sla, upTo);
        if (transitions.Count == 0) return 0;

        record.Sla = clocks;
        foreach (var (milestone, status) in transitions)
        {
            var breached = status == MilestoneStatus.Breached;
            record.Append(breached ? TimelineTypes.SlaBreached : TimelineTypes.SlaAtRisk, Actor, now, milestone: milestone);
            // Service plan 4.5: a case not handled in time goes up a level; HQ (tier 1) keeps it in its inbox.
            if (breached && record.Tier > Tiers.Headquarters)
                CaseWorkflow.EscalateOneTier(record, $"{CaseTransitions.Name(milestone)} SLA breached", Actor, now);
        }
        return transitions.Count;
    }
}
