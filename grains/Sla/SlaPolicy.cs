using System.ComponentModel.DataAnnotations;
using ServiceGrid.Cases;

namespace ServiceGrid.Grains.Sla;

/// <summary>
/// SLA targets per severity (bound from <c>ServiceGrid:Sla</c>). Defaults are the service plan's: response within
/// 1 h (P1–P3) or 2 h (P4–P5) [seed 4.6]; emergency on site within 4 h and solved within 24 h [seed 4.2].
/// An empty value means the milestone does not apply.
/// </summary>
public sealed class SlaPolicy : IValidatableObject
{
    public const string Section = "ServiceGrid:Sla";

    public SlaTargets P1 { get; set; } = new(TimeSpan.FromHours(1), TimeSpan.FromHours(4), TimeSpan.FromHours(24));
    public SlaTargets P2 { get; set; } = new(TimeSpan.FromHours(1), TimeSpan.FromHours(4), TimeSpan.FromHours(24));
    public SlaTargets P3 { get; set; } = new(TimeSpan.FromHours(1), TimeSpan.FromHours(24), TimeSpan.FromHours(72));
    public SlaTargets P4 { get; set; } = new(TimeSpan.FromHours(2), null, TimeSpan.FromDays(5));
    public SlaTargets P5 { get; set; } = new(TimeSpan.FromHours(2), null, null);

    /// <summary>Share of a target's time after which a pending milestone is reported at risk.</summary>
    [Range(0.01, 0.99)]
    public double AtRiskFraction { get; set; } = 0.75;

    /// <summary>Whether SLA clocks stop while a case waits on the customer (the service plan leaves it to the contract).</summary>
    public bool PauseWhileWaitingOnCustomer { get; set; } = true;

    public SlaTargets For(Severity severity) => severity switch
    {
        Severity.P1 => P1,
        Severity.P2 => P2,
        Severity.P3 => P3,
        Severity.P4 => P4,
        Severity.P5 => P5,
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, null),
    };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        Enum.GetValues<Severity>()
            .SelectMany(severity => For(severity).Targets().Select(target => (severity, target)))
            .Where(x => x.target.Value is { } value && value <= TimeSpan.Zero)
            .Select(x => new ValidationResult(
                $"{Section}:{x.severity}:{x.target.Milestone} must be a positive TimeSpan or empty (not applicable).",
                [$"{x.severity}.{x.target.Milestone}"]));
}

/// <summary>The three targets of one severity; null when a milestone does not apply.</summary>
public sealed class SlaTargets
{
    public SlaTargets() { }

    public SlaTargets(TimeSpan? response, TimeSpan? onsite, TimeSpan? resolution) =>
        (Response, Onsite, Resolution) = (response, onsite, resolution);

    public TimeSpan? Response { get; set; }
    public TimeSpan? Onsite { get; set; }
    public TimeSpan? Resolution { get; set; }

    public TimeSpan? For(Milestone milestone) => milestone switch
    {
        Milestone.Response => Response,
        Milestone.Onsite => Onsite,
        _ => Resolution,
    };

    public IEnumerable<(Milestone Milestone, TimeSpan? Value)> Targets() =>
        Enum.GetValues<Milestone>().Select(milestone => (milestone, For(milestone)));
}
