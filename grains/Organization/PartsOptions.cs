using System.ComponentModel.DataAnnotations;

namespace ServiceGrid.Grains.Organization;

/// <summary>
/// Spare-parts settings (bound from <c>ServiceGrid:Parts</c>): the default reorder points, which a depot can override
/// per SKU, the depot where HQ's technical service center puts repaired parts that passed inspection, and how depots
/// remember and retry their operations.
/// </summary>
public sealed class PartsOptions
{
    public const string Section = "ServiceGrid:Parts";

    /// <summary>A branch depot asks for replenishment when its available stock of a SKU falls to this level.</summary>
    [Range(0, 100_000)]
    public int ReorderPoint { get; set; } = 3;

    /// <summary>The same for a depot that serves no single branch (HQ's central store, which holds the reserve).</summary>
    [Range(0, 100_000)]
    public int CentralReorderPoint { get; set; } = 20;

    /// <summary>Service plan 2(3), 4.5: the technical service center inspects repaired parts before they go back to customers; it sits at HQ.</summary>
    [Required, RegularExpression("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    public string RepairDepotId { get; set; } = "depot-hq";

    /// <summary>
    /// How many operations (consumptions, receipts, transfers) a depot remembers so that a retry changes nothing; a retry
    /// comes within minutes, not thousands of operations later.
    /// </summary>
    [Range(100, 1_000_000)]
    public int RememberedOperations { get; set; } = 10_000;

    /// <summary>How often a depot tries again to deliver a transfer in transit that its destination refused.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan DeliveryRetry { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a repaired part that passed inspection is offered again to the depot that refused it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan RestockRetry { get; set; } = TimeSpan.FromSeconds(5);
}
