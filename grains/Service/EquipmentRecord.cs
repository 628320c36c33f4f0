using ServiceGrid.Service;

namespace ServiceGrid.Grains.Service;

/// <summary>The stored state of a unit. Never renumber an [Id].</summary>
[GenerateSerializer, Alias("ServiceGrid.EquipmentRecord")]
public sealed class EquipmentRecord
{
    [Id(0)] public string? CustomerId { get; set; }
    [Id(1)] public string Model { get; set; } = "";
    [Id(2)] public DateTimeOffset AcceptedAt { get; set; }
    [Id(3)] public string RegionId { get; set; } = "";
    [Id(4)] public List<ContractPeriod> Contracts { get; set; } = [];
    [Id(5)] public List<UnitCase> Cases { get; set; } = [];
    /// <summary>When the unit came on record: inspections due before that were never scheduled here.</summary>
    [Id(6)] public DateTimeOffset ScheduledFrom { get; set; }
    /// <summary>Inspection cases opened, by due date.</summary>
    [Id(7)] public Dictionary<DateTimeOffset, string> Opened { get; set; } = [];
    /// <summary>Rises with every change of what the region's installed base keeps (owner, place, contracts, inspections).</summary>
    [Id(8)] public int Version { get; set; }

    public bool Exists => CustomerId is not null;
}
