using System.ComponentModel.DataAnnotations;

namespace ServiceGrid.Grains.Organization;

/// <summary>How engineers' positions are announced and their assignments confirmed (bound from <c>ServiceGrid:Engineers</c>).</summary>
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

    /// <summary>
    /// How often an engineer who holds a case confirms it with the case (a durable reminder, so Orleans' one-minute
    /// minimum applies): the longest an engineer stays busy with a case that a crash left without them.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan AssignmentCheckPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How soon after it activates an engineer who holds a case confirms it (after a crash, before the reminder).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan AssignmentCheckOnActivation { get; set; } = TimeSpan.FromSeconds(5);
}
