using System.ComponentModel.DataAnnotations;

namespace ServiceGrid.Demo;

/// <summary>
/// The built-in demo (bound from <c>ServiceGrid:Demo</c>): the demo organization of API.md and the traffic simulator.
/// Both default to on in embedded mode and off in durable mode, where a real organization is loaded instead.
/// </summary>
public sealed class DemoOptions : IValidatableObject
{
    public const string Section = "ServiceGrid:Demo";

    /// <summary>Load the demo organization; null: on in embedded mode, off in durable mode.</summary>
    public bool? Organization { get; set; }

    /// <summary>Run the traffic simulator; null: on in embedded mode, off in durable mode.</summary>
    public bool? Traffic { get; set; }

    /// <summary>How many new cases the simulated customer service center opens per minute of wall-clock time.</summary>
    [Range(0.0, 6000.0)]
    public double CasesPerMinute { get; set; } = 12;

    /// <summary>How many times faster than in reality engineers travel and work. SLA clocks keep wall-clock time.</summary>
    [Range(1.0, 100_000.0)]
    public double SpeedUp { get; set; } = 30;

    /// <summary>An engineer's average road speed, before <see cref="SpeedUp"/>.</summary>
    [Range(5.0, 200.0)]
    public double RoadSpeedKmh { get; set; } = 60;

    /// <summary>How often the simulator advances cases and moves engineers.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Shortest real time an engineer works on site, before <see cref="SpeedUp"/>.</summary>
    public TimeSpan MinWorkTime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Longest real time an engineer works on site, before <see cref="SpeedUp"/>.</summary>
    public TimeSpan MaxWorkTime { get; set; } = TimeSpan.FromHours(3);

    /// <summary>Share of cases left unclaimed or unattended until the customer chases, so escalations and HQ reassignments happen.</summary>
    [Range(0.0, 1.0)]
    public double SlipShare { get; set; } = 0.1;

    /// <summary>Cases the simulator follows at once; it opens no new case beyond this, which keeps its memory small.</summary>
    [Range(1, 100_000)]
    public int MaxCasesInFlight { get; set; } = 500;

    /// <summary>How many customers the demo organization has (ids <c>cust-1</c> … <c>cust-{n}</c>); benchmarks raise it.</summary>
    [Range(1, 100_000)]
    public int Customers { get; set; } = DemoOrganization.CustomerCount;

    /// <summary>Seed of the demo organization's data: the same seed gives the same customers, engineers and stock.</summary>
    public int Seed { get; set; } = 4201;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (TickInterval < TimeSpan.FromMilliseconds(10) || TickInterval > TimeSpan.FromMinutes(1))
            yield return new ValidationResult($"{Section}:TickInterval must be between 00:00:00.010 and 00:01:00.", [nameof(TickInterval)]);
        if (MinWorkTime <= TimeSpan.Zero || MaxWorkTime < MinWorkTime)
            yield return new ValidationResult($"{Section}:MinWorkTime must be positive and not above MaxWorkTime.", [nameof(MinWorkTime), nameof(MaxWorkTime)]);
    }
}
