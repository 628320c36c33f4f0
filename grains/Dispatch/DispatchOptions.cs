using System.ComponentModel.DataAnnotations;

namespace ServiceGrid.Grains.Dispatch;

/// <summary>How candidates are ranked and when the planner acts (bound from <c>ServiceGrid:Dispatch</c>).</summary>
public sealed class DispatchOptions : IValidatableObject
{
    public const string Section = "ServiceGrid:Dispatch";

    /// <summary>How long a job keeps an engineer on site, for the time they would be free for the next one.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "1.00:00:00")]
    public TimeSpan JobDuration { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How soon after a dispatch the engineer answers the customer (the response milestone).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "04:00:00")]
    public TimeSpan ResponseAfterDispatch { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a P1/P2 waits unclaimed in its region's pool before the planner of an auto branch takes it.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan PoolGrace { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the planner looks again at the cases it may dispatch (besides each change it sees at once).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan PlanPeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The time zone (IANA id) of engineers without a shift calendar, for the times the reasons show.</summary>
    [Required]
    public string TimeZone { get; set; } = "Asia/Shanghai";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Shifts.IsKnownTimeZone(TimeZone)) yield return new ValidationResult($"'{TimeZone}' is not a known time zone.", [nameof(TimeZone)]);
    }
}
