using ServiceGrid.Cases;

namespace ServiceGrid.Grains.Sla;

/// <summary>
/// The SLA arithmetic of a case, free of Orleans so it can be tested alone. Service is 7×24 [seed]:
/// due times run on wall-clock time from the moment the case is opened, which is the response time [seed 4.5].
/// </summary>
public static class SlaClock
{
    public static SlaClocks Start(SlaTargets targets, double atRiskFraction, DateTimeOffset openedAt)
    {
        MilestoneClock StartOne(Milestone milestone) => targets.For(milestone) is { } target
            ? new(openedAt + target, openedAt + target * atRiskFraction, MilestoneStatus.Pending, null, null)
            : MilestoneClock.NotApplicable;

        return new(StartOne(Milestone.Response), StartOne(Milestone.Onsite), StartOne(Milestone.Resolution));
    }

    /// <summary>Moves every running milestone whose at-risk or due time has come; already moved ones stay put.</summary>
    public static (SlaClocks Clocks, IReadOnlyList<SlaTransition> Transitions) Advance(SlaClocks clocks, DateTimeOffset now)
    {
        var transitions = new List<SlaTransition>();
        foreach (var milestone in SlaClocks.Milestones)
        {
            var clock = clocks[milestone];
            var next = clock switch
            {
                { IsRunning: true, DueAt: { } due } when now >= due => MilestoneStatus.Breached,
                { Status: MilestoneStatus.Pending, AtRiskAt: { } atRisk } when now >= atRisk => MilestoneStatus.AtRisk,
                _ => clock.Status,
            };
            if (next == clock.Status) continue;
            clocks = clocks.With(milestone, clock with { Status = next });
            transitions.Add(new(milestone, next));
        }
        return (clocks, transitions);
    }

    /// <summary>
    /// Records the milestone as reached at <paramref name="now"/> (when it was done). A breached milestone stays breached,
    /// only its time is kept, unless it was reached before it was due: the breach was recorded while the report of an
    /// action done in time was still on its way (an engineer's phone offline).
    /// </summary>
    public static SlaClocks Meet(SlaClocks clocks, Milestone milestone, DateTimeOffset now)
    {
        var clock = clocks[milestone];
        return clock.Status switch
        {
            MilestoneStatus.Pending or MilestoneStatus.AtRisk or MilestoneStatus.Paused =>
                clocks.With(milestone, clock with { Status = MilestoneStatus.Met, MetAt = now, StatusBeforePause = null }),
            MilestoneStatus.Breached when clock.MetAt is null && now < clock.DueAt =>
                clocks.With(milestone, clock with { Status = MilestoneStatus.Met, MetAt = now }),
            MilestoneStatus.Breached when clock.MetAt is null => clocks.With(milestone, clock with { MetAt = now }),
            _ => clocks,
        };
    }

    /// <summary>A milestone that can no longer be reached (a remote fix needs no visit) no longer applies; a breach stays.</summary>
    public static SlaClocks Waive(SlaClocks clocks, Milestone milestone)
    {
        var clock = clocks[milestone];
        return clock.IsRunning || clock.Status == MilestoneStatus.Paused
            ? clocks.With(milestone, MilestoneClock.NotApplicable with { DueAt = clock.DueAt })
            : clocks;
    }

    public static SlaClocks WaiveAll(SlaClocks clocks) =>
        SlaClocks.Milestones.Aggregate(clocks, Waive);

    /// <summary>Stops the running clocks while the case waits on the customer.</summary>
    public static SlaClocks Pause(SlaClocks clocks) =>
        SlaClocks.Milestones.Aggregate(clocks, (acc, milestone) => acc[milestone] is { IsRunning: true } clock
            ? acc.With(milestone, clock with { Status = MilestoneStatus.Paused, StatusBeforePause = clock.Status })
            : acc);

    /// <summary>Restarts paused clocks; their due times move by the span the case was paused.</summary>
    public static SlaClocks Resume(SlaClocks clocks, TimeSpan pausedFor) =>
        SlaClocks.Milestones.Aggregate(clocks, (acc, milestone) => acc[milestone] is { Status: MilestoneStatus.Paused } clock
            ? acc.With(milestone, clock with
            {
                Status = clock.StatusBeforePause ?? MilestoneStatus.Pending,
                StatusBeforePause = null,
                DueAt = clock.DueAt + pausedFor,
                AtRiskAt = clock.AtRiskAt + pausedFor,
            })
            : acc);

    /// <summary>The next moment a running milestone changes status by itself, if any.</summary>
    public static DateTimeOffset? NextDeadline(SlaClocks clocks) =>
        SlaClocks.Milestones
            .Select(milestone => clocks[milestone] switch
            {
                { Status: MilestoneStatus.Pending } clock => clock.AtRiskAt ?? clock.DueAt,
                { Status: MilestoneStatus.AtRisk } clock => clock.DueAt,
                _ => null,
            })
            .Where(at => at is not null)
            .Min();
}
