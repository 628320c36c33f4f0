using ServiceGrid.Cases;

namespace ServiceGrid.Grains.Sla;

/// <summary>The stored clock of one milestone.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.MilestoneClock")]
public sealed record MilestoneClock(
    [property: Id(0)] DateTimeOffset? DueAt,
    [property: Id(1)] DateTimeOffset? AtRiskAt,
    [property: Id(2)] MilestoneStatus Status,
    [property: Id(3)] DateTimeOffset? MetAt,
    [property: Id(4)] MilestoneStatus? StatusBeforePause)
{
    public static readonly MilestoneClock NotApplicable = new(null, null, MilestoneStatus.NotApplicable, null, null);

    public bool IsRunning => Status is MilestoneStatus.Pending or MilestoneStatus.AtRisk;

    public MilestoneView ToView() => new(DueAt, Status, MetAt);
}

/// <summary>The clocks of a case's three milestones.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.SlaClocks")]
public sealed record SlaClocks(
    [property: Id(0)] MilestoneClock Response,
    [property: Id(1)] MilestoneClock Onsite,
    [property: Id(2)] MilestoneClock Resolution)
{
    public static readonly Milestone[] Milestones = Enum.GetValues<Milestone>();

    public MilestoneClock this[Milestone milestone] => milestone switch
    {
        Milestone.Response => Response,
        Milestone.Onsite => Onsite,
        _ => Resolution,
    };

    public SlaClocks With(Milestone milestone, MilestoneClock clock) => milestone switch
    {
        Milestone.Response => this with { Response = clock },
        Milestone.Onsite => this with { Onsite = clock },
        _ => this with { Resolution = clock },
    };

    public SlaView ToView() => new(Response.ToView(), Onsite.ToView(), Resolution.ToView());
}

/// <summary>A milestone that moved to a new status.</summary>
public readonly record struct SlaTransition(Milestone Milestone, MilestoneStatus Status);
