namespace ServiceGrid.Web.Api;

/// <summary>The <c>Idempotency-Key</c> header as every command takes it (API.md): its name and its shape.</summary>
public static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";
    const int MaxLength = 128;

    /// <summary>Adds an error unless <paramref name="key"/> is absent or 1 to 128 printable characters.</summary>
    public static void Check(RequestErrors errors, string? key)
    {
        if (key is not null && (key.Length is 0 or > MaxLength || key.Any(char.IsControl)))
            errors.Add(Header, $"'{Header}' must be 1 to {MaxLength} printable characters.");
    }
}
