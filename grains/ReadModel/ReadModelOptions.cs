using System.ComponentModel.DataAnnotations;

namespace ServiceGrid.Grains.ReadModel;

/// <summary>How the read models keep and write case history (bound from <c>ServiceGrid:ReadModel</c>).</summary>
public sealed class ReadModelOptions : IValidatableObject
{
    public const string Section = "ServiceGrid:ReadModel";

    /// <summary>The first wait before a region's projection writes a batch the tables (or reports) refused again; it doubles with each failure.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan ProjectionFirstRetry { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between two attempts to write a refused batch.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan ProjectionMaxRetry { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Cases per transaction of the query tables; a larger buffer is written in several flushes.</summary>
    [Range(1, 10_000)]
    public int ProjectionMaxBatch { get; set; } = 500;

    /// <summary>Finished (closed, cancelled) cases a region's read model keeps for list queries; durable mode lists older ones from the database.</summary>
    [Range(0, 1_000_000)]
    public int RetainedFinishedCases { get; set; } = 20_000;

    /// <summary>Alerts the alert log keeps; older ones live in the reports and, in durable mode, the database.</summary>
    [Range(1, 1_000_000)]
    public int RetainedAlerts { get; set; } = 10_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ProjectionMaxRetry < ProjectionFirstRetry)
            yield return new ValidationResult($"{Section}:ProjectionMaxRetry must not be shorter than ProjectionFirstRetry.", [nameof(ProjectionMaxRetry)]);
    }
}
