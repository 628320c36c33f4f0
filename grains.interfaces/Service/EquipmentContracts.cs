using System.Collections.Immutable;
using ServiceGrid.Cases;
using ServiceGrid.Organization;

namespace ServiceGrid.Service;

/// <summary>A case opened on a unit, as the unit remembers it (its state lives in the case).</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.UnitCase")]
public sealed record UnitCase(
    [property: Id(0)] string CaseId,
    [property: Id(1)] CaseKind Kind,
    [property: Id(2)] DateTimeOffset OpenedAt);

/// <summary>A quarterly preventive inspection of a unit (service plan 2): when it is due and, once opened, its case.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.InspectionView")]
public sealed record InspectionView
{
    [Id(0)] public required string Serial { get; init; }
    [Id(1)] public required string CustomerId { get; init; }
    [Id(2)] public required string Model { get; init; }
    [Id(3)] public required string RegionId { get; init; }
    [Id(4)] public required DateTimeOffset DueAt { get; init; }
    /// <summary>Warranty or contract: what the inspection is due under.</summary>
    [Id(5)] public required CoverageKind Coverage { get; init; }
    /// <summary>The inspection case, once the inspection came due and was opened.</summary>
    [Id(6)] public string? CaseId { get; init; }
}

/// <summary>One delivered unit: who owns it, where it stands, what covers it, and its cases.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.EquipmentView")]
public sealed record EquipmentView
{
    [Id(0)] public required string Serial { get; init; }
    [Id(1)] public required string CustomerId { get; init; }
    [Id(2)] public required string Model { get; init; }
    [Id(3)] public required DateTimeOffset AcceptedAt { get; init; }
    [Id(4)] public required string RegionId { get; init; }
    [Id(5)] public required CoverageView Coverage { get; init; }
    [Id(6)] public required ImmutableArray<ContractPeriod> Contracts { get; init; }
    [Id(7)] public required ImmutableArray<UnitCase> Cases { get; init; }
    /// <summary>The next preventive inspection, if the unit is covered then.</summary>
    [Id(8)] public DateTimeOffset? NextInspectionAt { get; init; }
}

/// <summary>
/// One unit of the installed base, keyed by serial. Its customer's registration creates it; contracts add periods to it;
/// it opens its own quarterly inspection cases from a durable reminder.
/// </summary>
[Alias("ServiceGrid.IEquipmentGrain")]
public interface IEquipmentGrain : IGrainWithStringKey
{
    /// <summary>Records the unit as <paramref name="customerId"/>'s, standing in <paramref name="regionId"/>; unchanged data changes nothing.</summary>
    [Alias("Register")] Task Register(string customerId, EquipmentUnit unit, string regionId);
    /// <summary>The unit, or null when no unit has this serial.</summary>
    [Alias("Get")] Task<EquipmentView?> Get();
    /// <summary>Adds (or repeats, harmlessly) a contract's period on this unit.</summary>
    [Alias("AddContract")] Task AddContract(ContractPeriod period);
    /// <summary>What a case opened on the unit now gets: coverage and contract targets for <paramref name="severity"/>; null for an unknown unit.</summary>
    /// <remarks>Interleaves: the unit asks for it itself while it opens an inspection case.</remarks>
    [Alias("GetTerms"), Orleans.Concurrency.AlwaysInterleave] Task<ServiceTerms?> GetTerms(Severity severity);
    /// <summary>Remembers a case opened on the unit; repeating it changes nothing.</summary>
    [Alias("RecordCase")] Task RecordCase(UnitCase unitCase);
    /// <summary>Opens the inspection that is due, if any; safe to call any number of times (one case per due date).</summary>
    [Alias("CheckInspections")] Task CheckInspections();
}

/// <summary>The installed base of one region, for listing its scheduled inspections; fed by the units.</summary>
[Alias("ServiceGrid.IInstalledBaseGrain")]
public interface IInstalledBaseGrain : IGrainWithStringKey
{
    /// <summary>Replaces what the region knows of one unit; a lower <see cref="InstalledUnit.Version"/> than known changes nothing.</summary>
    [Alias("Update")] Task Update(InstalledUnit unit);
    /// <summary>Removes a unit that moved to another region.</summary>
    [Alias("Remove")] Task Remove(string serial);
    /// <summary>Inspections due in [<paramref name="from"/>, <paramref name="to"/>), earliest first.</summary>
    [Alias("Inspections")] Task<ImmutableArray<InspectionView>> Inspections(DateTimeOffset from, DateTimeOffset to);
}

/// <summary>What a region's installed base keeps of a unit: enough to compute its inspection schedule.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.InstalledUnit")]
public sealed record InstalledUnit
{
    [Id(0)] public required string Serial { get; init; }
    [Id(1)] public required string CustomerId { get; init; }
    [Id(2)] public required string Model { get; init; }
    [Id(3)] public required string RegionId { get; init; }
    [Id(4)] public required DateTimeOffset AcceptedAt { get; init; }
    [Id(5)] public required ImmutableArray<ContractPeriod> Contracts { get; init; }
    /// <summary>Inspections due before this were not scheduled (the unit was not yet on record).</summary>
    [Id(6)] public required DateTimeOffset ScheduledFrom { get; init; }
    /// <summary>Opened inspection cases by due date.</summary>
    [Id(7)] public required ImmutableDictionary<DateTimeOffset, string> Opened { get; init; }
    [Id(8)] public required int Version { get; init; }
}

/// <summary>A region's complaints per month, counted as they are opened; raises <c>complaintsRising</c> once a month.</summary>
[Alias("ServiceGrid.IComplaintTrendGrain")]
public interface IComplaintTrendGrain : IGrainWithStringKey
{
    /// <summary>Counts a complaint opened in this region; counting it again changes nothing.</summary>
    [Alias("Count")] Task Count(CaseView complaint);
    /// <summary>Complaints opened in <paramref name="month"/> (<c>yyyy-MM</c>, UTC) as counted so far.</summary>
    [Alias("CountOf")] Task<int> CountOf(string month);
}
