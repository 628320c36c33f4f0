using System.ComponentModel.DataAnnotations;
using ServiceGrid.Cases;

namespace ServiceGrid.Grains.Service;

/// <summary>
/// Coverage and preventive inspections (bound from <c>ServiceGrid:Service</c>). Defaults are the service plan's:
/// 36 months of free warranty from acceptance and a quarterly inspection of every covered unit [seed 2].
/// </summary>
public sealed class ServiceOptions : IValidatableObject
{
    public const string Section = "ServiceGrid:Service";

    /// <summary>Free warranty from the acceptance date, in months.</summary>
    [Range(0, 600)]
    public int WarrantyMonths { get; set; } = 36;

    /// <summary>Months between preventive inspections of a covered unit (from acceptance, or from a contract's start).</summary>
    [Range(1, 24)]
    public int InspectionIntervalMonths { get; set; } = 3;

    /// <summary>Severity of the inspection cases (P4: planned work, little or no impact).</summary>
    public Severity InspectionSeverity { get; set; } = Severity.P4;

    /// <summary>How often a unit's durable reminder looks for a due inspection; a missed tick is caught up by the next.</summary>
    public TimeSpan InspectionCheckPeriod { get; set; } = TimeSpan.FromHours(6);

    /// <summary>
    /// When a unit first comes on record, an inspection that fell due within this span before is still opened (the
    /// latest one only). Zero: only inspections due after the unit came on record. The demo uses a week, so that
    /// inspections come due as soon as it starts.
    /// </summary>
    public TimeSpan InitialLookBack { get; set; } = TimeSpan.Zero;

    /// <summary>How often an open corrective-action notice is checked against its due time.</summary>
    public TimeSpan CapaCheckPeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The first inspection tick of a unit waits at most this long; later ones come every <see cref="InspectionCheckPeriod"/>.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "49.00:00:00")]
    public TimeSpan MaxFirstInspectionTick { get; set; } = TimeSpan.FromDays(30);

    /// <summary>A unit keeps this many of its latest cases in its history.</summary>
    [Range(1, 100_000)]
    public int RetainedUnitCases { get; set; } = 200;

    /// <summary>No inspection list answers more than this many inspections.</summary>
    [Range(1, 100_000)]
    public int MaxListedInspections { get; set; } = 5_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // Orleans reminders tick at most once a minute.
        if (InspectionCheckPeriod < TimeSpan.FromMinutes(1) || InspectionCheckPeriod > TimeSpan.FromDays(7))
            yield return new ValidationResult($"{Section}:InspectionCheckPeriod must be between 00:01:00 and 7.00:00:00.", [nameof(InspectionCheckPeriod)]);
        if (InitialLookBack < TimeSpan.Zero || InitialLookBack > TimeSpan.FromDays(366))
            yield return new ValidationResult($"{Section}:InitialLookBack must be between 00:00:00 and 366.00:00:00.", [nameof(InitialLookBack)]);
        if (CapaCheckPeriod < TimeSpan.FromMinutes(1) || CapaCheckPeriod > TimeSpan.FromDays(7))
            yield return new ValidationResult($"{Section}:CapaCheckPeriod must be between 00:01:00 and 7.00:00:00.", [nameof(CapaCheckPeriod)]);
    }
}
