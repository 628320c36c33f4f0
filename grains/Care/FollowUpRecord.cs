using ServiceGrid.Care;

namespace ServiceGrid.Grains.Care;

[GenerateSerializer, Alias("ServiceGrid.FollowUpRecord")]
public sealed class FollowUpRecord
{
    /// <summary>The region's cases closed in the month, by case id.</summary>
    [Id(0)] public Dictionary<string, ClosedCase> Cases { get; set; } = [];
}
