using System.ComponentModel.DataAnnotations;

namespace ServiceGrid.Grains.Cases;

/// <summary>
/// How a case retries what it does after a change is stored (bound from <c>ServiceGrid:Cases</c>): announcing it,
/// waiting for the query tables to confirm it, keeping its reminders, releasing its reserved parts.
/// </summary>
public sealed class CaseOptions : IValidatableObject
{
    public const string Section = "ServiceGrid:Cases";

    /// <summary>The first wait before a stored version the streams refused is announced again; it doubles with each failure.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan FirstPublishRetry { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait between two announcements the streams refused.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan MaxPublishRetry { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a version may go unconfirmed by the query tables before it is announced again; a projection commits in milliseconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan ProjectionGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait between two announcements of a version the query tables have not confirmed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan MaxProjectionRetry { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>After the SLA reminder could not be registered, the grain timer tries again this soon.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan ReminderRetry { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often an ended case asks its depots again to release what they still reserve for it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan ReleaseRetry { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The first check of a corrective-action notice waits at most this long; later ones come every <c>Service:CapaCheckPeriod</c>.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "49.00:00:00")]
    public TimeSpan MaxFirstCapaCheck { get; set; } = TimeSpan.FromDays(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxPublishRetry < FirstPublishRetry)
            yield return new ValidationResult($"{Section}:MaxPublishRetry must not be shorter than FirstPublishRetry.", [nameof(MaxPublishRetry)]);
        if (MaxProjectionRetry < ProjectionGrace)
            yield return new ValidationResult($"{Section}:MaxProjectionRetry must not be shorter than ProjectionGrace.", [nameof(MaxProjectionRetry)]);
    }
}
