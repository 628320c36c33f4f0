namespace ServiceGrid.Cases;

/// <summary>
/// The outcomes of commands sent with an <c>Idempotency-Key</c>, per user: PostgreSQL in durable mode (shared by every
/// web node), memory in embedded mode. A key is claimed before its command runs, so two identical requests in flight
/// never both run; a claim whose holder died (no outcome by <see cref="IdempotencyClaimRequest.LeaseUntil"/>) is taken
/// over, and the case grain, which saw the key, does not apply the command twice.
/// </summary>
public interface IIdempotencyStore
{
    Task<IdempotencyClaim> ClaimAsync(IdempotencyClaimRequest request, CancellationToken cancellationToken);

    /// <summary>Records the outcome of a claimed key; replays answer it from now on.</summary>
    Task CompleteAsync(string user, string key, IdempotentOutcome outcome, CancellationToken cancellationToken);

    /// <summary>Gives a claimed key up without an outcome (the command failed for a passing reason): a retry runs it.</summary>
    Task ReleaseAsync(string user, string key, CancellationToken cancellationToken);

    /// <summary>Forgets every key first used before <paramref name="keptSince"/>; answers how many.</summary>
    Task<int> ForgetBeforeAsync(DateTimeOffset keptSince, CancellationToken cancellationToken);
}

/// <param name="Fingerprint">The request's method, path and body, hashed: the same key with another request is refused.</param>
/// <param name="KeptSince">A key first used before this time is forgotten and may be used again.</param>
public sealed record IdempotencyClaimRequest(
    string User, string Key, string Fingerprint, DateTimeOffset Now, DateTimeOffset LeaseUntil, DateTimeOffset KeptSince);

public enum IdempotencyClaimStatus
{
    /// <summary>This request holds the key: run the command, then complete or release it.</summary>
    Claimed,
    /// <summary>The command already ran: answer <see cref="IdempotencyClaim.Outcome"/>.</summary>
    Completed,
    /// <summary>An identical request is running now.</summary>
    InFlight,
    /// <summary>The key was used for a different request.</summary>
    Mismatch,
}

public sealed record IdempotencyClaim(IdempotencyClaimStatus Status, IdempotentOutcome? Outcome = null);

/// <summary>
/// The first answer to a key: a success (status, JSON body, location) or a refusal (status, kind and message of the
/// <see cref="DomainException"/>), replayed as it was.
/// </summary>
public sealed record IdempotentOutcome(int Status, string? Body = null, string? Location = null, FailureKind? Failure = null, string? Detail = null);
