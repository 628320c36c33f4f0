using System.Collections.Immutable;
using ServiceGrid.Cases;
using ServiceGrid.Grains.Sla;
using ServiceGrid.Service;

namespace ServiceGrid.Grains.Cases;

/// <summary>The stored state of a case. Never renumber an [Id]: stored cases must survive upgrades.</summary>
[GenerateSerializer, Alias("ServiceGrid.CaseRecord")]
public sealed class CaseRecord
{
    [Id(0)] public int Version { get; set; }
    [Id(1)] public CaseKind Kind { get; set; }
    [Id(2)] public Severity Severity { get; set; }
    [Id(3)] public Channel Channel { get; set; }
    [Id(4)] public CaseState State { get; set; }
    [Id(5)] public string Region { get; set; } = "";
    [Id(6)] public string? BranchId { get; set; }
    [Id(7)] public string? EngineerId { get; set; }
    [Id(8)] public int Tier { get; set; }
    [Id(9)] public string CustomerId { get; set; } = "";
    [Id(10)] public string Title { get; set; } = "";
    [Id(11)] public string Description { get; set; } = "";
    [Id(12)] public GeoPoint? Site { get; set; }
    [Id(13)] public string? EquipmentSerial { get; set; }
    [Id(14)] public DateTimeOffset OpenedAt { get; set; }
    [Id(15)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(16)] public SlaClocks Sla { get; set; } = new(MilestoneClock.NotApplicable, MilestoneClock.NotApplicable, MilestoneClock.NotApplicable);
    [Id(17)] public ResolutionView? Resolution { get; set; }
    [Id(18)] public SurveyView? Survey { get; set; }
    [Id(19)] public List<TimelineEntry> Timeline { get; set; } = [];
    [Id(20)] public DateTimeOffset? PausedAt { get; set; }
    /// <summary>The highest version handed to the event stream; anything above it is published again on activation.</summary>
    [Id(21)] public int PublishedVersion { get; set; }
    /// <summary>
    /// The highest version the query tables confirmed (with every timeline entry up to it). Updated in memory when the
    /// confirmation arrives and stored with the next change: after a restart the case may announce a version again.
    /// </summary>
    [Id(22)] public int ProjectedVersion { get; set; }
    /// <summary>Depots that may hold a reservation for this case; cleared once they have released it.</summary>
    [Id(23)] public HashSet<string> ReservationDepots { get; set; } = [];
    [Id(24)] public CoverageView? Coverage { get; set; }
    [Id(25)] public CapaView? Capa { get; set; }
    [Id(26)] public RelocationPlanView? RelocationPlan { get; set; }
    [Id(27)] public SubstituteView? Substitute { get; set; }
    /// <summary>The visits booked on the case (issue 18), in booking order; the region's schedule owns their plan.</summary>
    [Id(28)] public List<string> VisitIds { get; set; } = [];
    /// <summary>The idempotency keys of the latest commands applied, oldest first (<see cref="CaseCommandOptions.RememberedCommandKeys"/>).</summary>
    [Id(40)] public List<string> AppliedCommandKeys { get; set; } = [];

    public bool Exists => Version > 0;

    /// <summary>Records a change: every timeline entry is the next version of the case.</summary>
    public void Append(string type, string actor, DateTimeOffset now, string? note = null, string? branchId = null,
        string? engineerId = null, Milestone? milestone = null, int? tier = null, string? fromRegion = null, int? score = null) =>
        Timeline.Add(new TimelineEntry
        {
            Version = ++Version,
            At = now,
            Type = type,
            Actor = actor,
            Note = note,
            BranchId = branchId,
            EngineerId = engineerId,
            Milestone = milestone,
            Tier = tier,
            FromRegion = fromRegion,
            Score = score,
        });

    public ImmutableArray<TimelineEntry> EntriesAfter(int version) => Timeline.Where(entry => entry.Version > version).ToImmutableArray();

    public CaseView ToView(string id) => new()
    {
        Id = id,
        Version = Version,
        Kind = Kind,
        Severity = Severity,
        Channel = Channel,
        State = State,
        Region = Region,
        BranchId = BranchId,
        EngineerId = EngineerId,
        Tier = Tier,
        CustomerId = CustomerId,
        Title = Title,
        Description = Description,
        Site = Site,
        EquipmentSerial = EquipmentSerial,
        OpenedAt = OpenedAt,
        UpdatedAt = UpdatedAt,
        Sla = Sla.ToView(),
        Resolution = Resolution,
        Survey = Survey,
        Timeline = [.. Timeline],
        PausedAt = PausedAt,
        Coverage = Coverage,
        Capa = Capa,
        RelocationPlan = RelocationPlan,
        Substitute = Substitute,
        VisitIds = [.. VisitIds],
    };
}
