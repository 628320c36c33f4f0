using ServiceGrid.Cases;
using ServiceGrid.Schedule;

namespace ServiceGrid.Grains.Schedule;

/// <summary>A region's visits and the version of their plan.</summary>
[GenerateSerializer, Alias("ServiceGrid.ScheduleRecord")]
public sealed class ScheduleRecord
{
    /// <summary>Rises on every change of any visit of the region.</summary>
    [Id(0)] public long Version { get; set; }
    [Id(1)] public Dictionary<string, VisitRecord> Visits { get; set; } = [];
    /// <summary>Visits whose case moved to another region, kept (<see cref="VisitRecord.EndedAt"/>: when) for that region to book (<see cref="CaseMoves"/>).</summary>
    [Id(2)] public Dictionary<string, VisitRecord> HandedOver { get; set; } = [];
}

/// <summary>One visit: what the schedule owns (window, duration, skill, state, engineer, start, pin) and what it copies from its case.</summary>
[GenerateSerializer, Alias("ServiceGrid.VisitRecord")]
public sealed class VisitRecord
{
    [Id(0)] public string Id { get; set; } = "";
    [Id(1)] public string CaseId { get; set; } = "";
    [Id(2)] public string? BranchId { get; set; }
    [Id(3)] public Severity Severity { get; set; }
    [Id(4)] public CaseKind Kind { get; set; }
    [Id(5)] public string Title { get; set; } = "";
    [Id(6)] public string CustomerId { get; set; } = "";
    [Id(7)] public GeoPoint? Location { get; set; }
    [Id(8)] public DateTimeOffset WindowStart { get; set; }
    [Id(9)] public DateTimeOffset WindowEnd { get; set; }
    [Id(10)] public int DurationMinutes { get; set; }
    [Id(11)] public string? RequiredSkill { get; set; }
    [Id(12)] public VisitState State { get; set; }
    [Id(13)] public string? EngineerId { get; set; }
    [Id(14)] public DateTimeOffset? PlannedStart { get; set; }
    [Id(15)] public bool Pinned { get; set; }
    [Id(16)] public DateTimeOffset? SlaDueAt { get; set; }
    [Id(17)] public int Version { get; set; }
    /// <summary>When it became done or cancelled, for <see cref="ScheduleOptions.Retention"/>.</summary>
    [Id(18)] public DateTimeOffset? EndedAt { get; set; }
    /// <summary>The case's version this record last copied.</summary>
    [Id(19)] public int CaseVersion { get; set; }
    /// <summary>The case's engineer as last seen: a dispatch or reassignment elsewhere re-plans the visit off its engineer.</summary>
    [Id(20)] public string? CaseEngineerId { get; set; }

    public TimeSpan Duration => TimeSpan.FromMinutes(DurationMinutes);

    public DateTimeOffset? PlannedEnd => PlannedStart + Duration;

    public bool IsStarted => State is VisitState.Travelling or VisitState.OnSite;

    public bool IsOver => State is VisitState.Done or VisitState.Cancelled;

    public bool IsMovable => State is VisitState.Unplanned or VisitState.Planned && !Pinned;

    public VisitView ToView(string region, DateTimeOffset now) => new()
    {
        Id = Id, CaseId = CaseId, Region = region, BranchId = BranchId, Severity = Severity, Kind = Kind, Title = Title,
        CustomerId = CustomerId, Location = Location, WindowStart = WindowStart, WindowEnd = WindowEnd,
        DurationMinutes = DurationMinutes, RequiredSkill = RequiredSkill, State = State, EngineerId = EngineerId,
        PlannedStart = PlannedStart, PlannedEnd = PlannedEnd, Pinned = Pinned, SlaDueAt = SlaDueAt,
        Late = IsLate(now), Version = Version,
    };

    bool IsLate(DateTimeOffset now) => SlaDueAt is { } due && State switch
    {
        VisitState.Planned => PlannedStart > due,
        VisitState.Unplanned => now > due,
        _ => false,
    };

    /// <summary>Copies what the visit shows of its case.</summary>
    public void CopyCase(CaseView view)
    {
        BranchId = view.BranchId;
        Severity = view.Severity;
        Kind = view.Kind;
        Title = view.Title;
        CustomerId = view.CustomerId;
        Location = view.Site ?? Location;
        SlaDueAt = view.Sla.Onsite.Status is MilestoneStatus.Pending or MilestoneStatus.AtRisk or MilestoneStatus.Breached ? view.Sla.Onsite.DueAt : null;
        CaseVersion = view.Version;
        CaseEngineerId = view.EngineerId;
    }
}
