using ServiceGrid.Cases;
using ServiceGrid.Grains.Cases;
using ServiceGrid.Grains.Sla;
using ServiceGrid.Organization;

namespace ServiceGrid.Tests.Cases;

/// <summary>Case records, branches and engineers for the rule tests that run without a silo.</summary>
static class CaseRecords
{
    public static readonly DateTimeOffset Opened = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    /// <summary>A P1 case opened at <see cref="Opened"/> in region "north", with the default SLA (response 1 h, on site 4 h, resolution 24 h).</summary>
    public static CaseRecord InState(CaseState state, string? branchId = null, string? engineerId = null, CaseKind kind = CaseKind.Service) => new()
    {
        Version = 1,
        Kind = kind,
        Severity = Severity.P1,
        State = state,
        Region = "north",
        BranchId = branchId,
        EngineerId = engineerId,
        Tier = Tiers.Branch,
        OpenedAt = Opened,
        Sla = SlaClock.Start(new SlaPolicy().For(Severity.P1), 0.75, Opened),
    };

    public static BranchProfile Branch(string id, string regionId = "north") => new(id, id, regionId, new GeoPoint(39.1, 117.2), $"depot-{id}");

    public static EngineerView Engineer(string id, string branchId, string regionId = "north") => new()
    {
        Id = id,
        Name = id,
        BranchId = branchId,
        RegionId = regionId,
        Status = EngineerStatus.Available,
        Location = new GeoPoint(39.1, 117.2),
        UpdatedAt = Opened,
        Version = 1,
    };

    /// <summary>The types of the record's timeline entries, in order (a record made by <see cref="InState"/> starts with none).</summary>
    public static string[] Appended(this CaseRecord record) => [.. record.Timeline.Select(entry => entry.Type)];
}
