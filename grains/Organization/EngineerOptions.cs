using System.ComponentModel.DataAnnotations;

namespace ServiceGrid.Grains.Organization;

/// <summary>How engineers' positions are announced (bound from <c>ServiceGrid:Engineers</c>).</summary>
public sealed class EngineerOptions
{
    public const string Section = "ServiceGrid:Engineers";

    /// <summary>
    /// The least time between two announced positions of one engineer. Every position is stored as it is reported; one
    /// that comes sooner waits, and only the latest of those is announced at the end of the interval. Zero announces every
    /// position. Status changes are always announced at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:05")]
    public TimeSpan PositionInterval { get; set; } = TimeSpan.FromMilliseconds(100);
}
