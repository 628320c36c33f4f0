using System.ComponentModel.DataAnnotations;

namespace ServiceGrid.Web.Field;

/// <summary>How case commands sent with an <c>Idempotency-Key</c> are remembered (bound from <c>ServiceGrid:Idempotency</c>).</summary>
public sealed class IdempotencyOptions
{
    public const string Section = "ServiceGrid:Idempotency";

    /// <summary>How long a key answers its first outcome: long enough for a phone that was offline for days.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "90.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long a command holds its key before a retry may run it again (its web node died before recording the outcome).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan InFlightLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an identical request waits for the one in flight to finish before it answers 409.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan InFlightWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often keys older than <see cref="Retention"/> are deleted.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SweepPeriod { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>The engineer's app: the customer's signature and the phone's position (bound from <c>ServiceGrid:Field</c>).</summary>
public sealed class FieldOptions
{
    public const string Section = "ServiceGrid:Field";

    /// <summary>The largest signature image accepted (decoded PNG bytes); larger is 413. A signature pad's PNG is tens of KB.</summary>
    [Range(1_024, 8 * 1024 * 1024)]
    public int MaxSignatureBytes { get; set; } = 512 * 1024;

    /// <summary>How often the app reports the phone's position while the engineer is on duty.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LocationInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The body limit of the signature route: the image in base64 (4/3 of its size) and the signer's name.</summary>
    public long MaxSignatureBodyBytes => MaxSignatureBytes / 3 * 4 + 8 * 1024;
}
