using System.ComponentModel.DataAnnotations;

namespace ServiceGrid.Web.Security;

/// <summary>How users sign in (bound from <c>ServiceGrid:Auth</c>).</summary>
public sealed class AuthOptions : IValidatableObject
{
    public const string Section = "ServiceGrid:Auth";
    public const int MinSigningKeyBytes = 32;

    /// <summary>HMAC-SHA256 key for the built-in token endpoint, base64 (at least 32 bytes). Generated at start in embedded mode.</summary>
    public string? SigningKey { get; set; }

    /// <summary>An external OpenID Connect issuer; when set it replaces the built-in token endpoint.</summary>
    public string? Authority { get; set; }

    public string Audience { get; set; } = "servicegrid";

    public string Issuer { get; set; } = "servicegrid";

    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>How long a validated token is reused without validating it again (never past its expiry); zero validates every request.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ValidatedTokenReuse { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many validated tokens are kept for reuse.</summary>
    [Range(0, 1_000_000)]
    public int ValidatedTokenCapacity { get; set; } = 10_000;

    /// <summary>Whether the demo users of API.md sign in with password <c>demo</c>; null = only in embedded mode.</summary>
    public bool? DemoUsers { get; set; }

    /// <summary>Users of the built-in token endpoint, with hashed passwords (<c>dotnet run --project web -- hash-password</c>).</summary>
    public List<ConfiguredUser> Users { get; set; } = [];

    /// <summary>Whether the host runs embedded; the host sets it from its mode, whatever configuration says.</summary>
    public bool Embedded { get; set; }

    public bool DemoUsersEnabled => DemoUsers ?? Embedded;

    public byte[]? SigningKeyBytes() => string.IsNullOrWhiteSpace(SigningKey) ? null : Convert.FromBase64String(SigningKey);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(Authority)) yield break;
        if (string.IsNullOrWhiteSpace(SigningKey))
        {
            if (!Embedded)
                yield return new ValidationResult(
                    $"Durable mode needs {Section}:SigningKey (base64, at least {MinSigningKeyBytes} bytes) or {Section}:Authority (an OpenID Connect issuer).",
                    [nameof(SigningKey)]);
            yield break;
        }
        byte[]? key = null;
        try { key = SigningKeyBytes(); }
        catch (FormatException) { }
        if (key is null || key.Length < MinSigningKeyBytes)
            yield return new ValidationResult($"{Section}:SigningKey must be base64 of at least {MinSigningKeyBytes} bytes.", [nameof(SigningKey)]);
    }
}

/// <summary>A user of the built-in token endpoint; the role decides which of the scope ids it needs.</summary>
public sealed class ConfiguredUser
{
    [Required] public string Username { get; set; } = "";
    /// <summary>A hash from <see cref="PasswordHashing.Hash"/>; plain passwords are never stored.</summary>
    [Required] public string PasswordHash { get; set; } = "";
    [Required] public string Role { get; set; } = "";
    public string? BranchId { get; set; }
    public string? EngineerId { get; set; }
    public string? CustomerId { get; set; }
}
