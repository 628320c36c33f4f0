using System.Collections.Immutable;

namespace ServiceGrid.Organization;

/// <summary>The service organization's regions and their branch support centers (tier 2).</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.OrganizationChart")]
public sealed record OrganizationChart(
    [property: Id(0)] int Version,
    [property: Id(1)] ImmutableArray<RegionProfile> Regions)
{
    public static readonly OrganizationChart Empty = new(0, []);
}

[GenerateSerializer, Immutable, Alias("ServiceGrid.RegionProfile")]
public sealed record RegionProfile(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] ImmutableArray<BranchProfile> Branches);

[GenerateSerializer, Immutable, Alias("ServiceGrid.BranchProfile")]
public sealed record BranchProfile(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string RegionId,
    [property: Id(3)] GeoPoint Location,
    [property: Id(4)] string DepotId);

/// <summary>The one record of how the organization is laid out; read through a silo-local cache on hot paths.</summary>
[Alias("ServiceGrid.IOrganizationGrain")]
public interface IOrganizationGrain : IGrainWithStringKey
{
    public const string Key = "org";

    [Alias("Get")] Task<OrganizationChart> Get();
    /// <summary>Replaces the chart; answers false and changes nothing when a chart is already defined and <paramref name="onlyIfEmpty"/> is set.</summary>
    [Alias("Define")] Task<bool> Define(ImmutableArray<RegionProfile> regions, bool onlyIfEmpty);
}

/// <summary>
/// Whether an engineer can take work: <see cref="Busy"/> while they hold a job; <see cref="OffShift"/> and
/// <see cref="Unavailable"/> (sick, vehicle breakdown) as dispatchers and engineers declare them (issue 15).
/// </summary>
public enum EngineerStatus { Available, Busy, OffDuty, OffShift, Unavailable }

[GenerateSerializer, Immutable, Alias("ServiceGrid.EngineerProfile")]
public sealed record EngineerProfile(
    [property: Id(0)] string Name,
    [property: Id(1)] string BranchId,
    [property: Id(2)] string RegionId,
    [property: Id(3)] GeoPoint Base);

/// <summary>A field engineer as the board and dispatchers see them.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.EngineerView")]
public sealed record EngineerView
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string Name { get; init; }
    [Id(2)] public required string BranchId { get; init; }
    [Id(3)] public required string RegionId { get; init; }
    [Id(4)] public required EngineerStatus Status { get; init; }
    [Id(5)] public required GeoPoint Location { get; init; }
    [Id(6)] public string? CurrentCaseId { get; init; }
    [Id(7)] public required DateTimeOffset UpdatedAt { get; init; }
    [Id(8)] public required long Version { get; init; }
    /// <summary>Every open job the engineer holds, the one worked now first.</summary>
    [Id(9)] public ImmutableArray<string> Jobs { get; init; } = [];
    [Id(10)] public ResourceProfile Resource { get; init; } = ResourceProfile.Default;
    /// <summary>Why the engineer is unavailable or off shift, as declared.</summary>
    [Id(11)] public string? AvailabilityReason { get; init; }
    /// <summary>When the engineer expects to be back, as declared: at that time they are available again by themselves.</summary>
    [Id(12)] public DateTimeOffset? AvailableAgainAt { get; init; }
}

/// <summary>A field engineer of a maintenance group (tier 3).</summary>
[Alias("ServiceGrid.IEngineerGrain")]
public interface IEngineerGrain : IGrainWithStringKey
{
    [Alias("Register")] Task<EngineerView> Register(EngineerProfile profile);
    /// <summary>The engineer, or null when no engineer has this id.</summary>
    [Alias("Get")] Task<EngineerView?> Get();
    [Alias("Move")] Task<EngineerView> Move(GeoPoint location);
    /// <summary>Takes a case; refused when off duty or busy with another case. Taking the same case again is a no-op.</summary>
    [Alias("Assign")] Task<EngineerView> Assign(string caseId);
    /// <summary>Frees the engineer if they are working on <paramref name="caseId"/>; otherwise nothing changes.</summary>
    [Alias("Release")] Task Release(string caseId);
    /// <summary>
    /// Frees the engineer from <paramref name="caseId"/> when nothing about them changed since <paramref name="version"/>:
    /// sent by the engineer's own confirmation, once the case answered that it is not theirs.
    /// </summary>
    [Alias("ReleaseUnconfirmed")] Task ReleaseUnconfirmed(string caseId, long version);
    [Alias("SetOffDuty")] Task<EngineerView> SetOffDuty(bool offDuty);
    /// <summary>Replaces the engineer's skills, shifts and capacity.</summary>
    [Alias("SetResource")] Task<EngineerView> SetResource(ResourceProfile resource);
    /// <summary>
    /// Declares the engineer available, off shift or unavailable (with a reason and an expected return); busy follows the
    /// jobs they hold, so <see cref="EngineerStatus.Busy"/> here means available. At <paramref name="until"/> the engineer
    /// becomes available again (a durable reminder); declaring again replaces or cancels that return.
    /// </summary>
    [Alias("SetAvailability")] Task<EngineerView> SetAvailability(EngineerStatus status, string? reason, DateTimeOffset? until);
}

/// <summary>The engineers ever registered in one region (key: the region), so that its read model can find them again.</summary>
[Alias("ServiceGrid.IEngineerRosterGrain")]
public interface IEngineerRosterGrain : IGrainWithStringKey
{
    /// <summary>Adds the engineer; adding one already listed changes nothing.</summary>
    [Alias("Enlist")] Task Enlist(string engineerId);
    [Alias("GetEngineerIds")] Task<ImmutableArray<string>> GetEngineerIds();
}
