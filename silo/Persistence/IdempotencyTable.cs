using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using ServiceGrid.Cases;

namespace ServiceGrid.Silo.Persistence;

/// <summary>Durable mode's <see cref="IIdempotencyStore"/>: the <c>idempotency_keys</c> table of migration 0006, shared by every web node.</summary>
public sealed class IdempotencyTable(NpgsqlDataSource database) : IIdempotencyStore
{
    // The expired row goes first, so that a key older than the retention is claimed afresh.
    const string DeleteExpired = "DELETE FROM idempotency_keys WHERE user_name = $1 AND key = $2 AND created_at < $3";

    const string Insert = """
        INSERT INTO idempotency_keys (user_name, key, fingerprint, created_at, lease_until)
        VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_name, key) DO NOTHING
        """;

    const string Read = "SELECT fingerprint, lease_until, outcome FROM idempotency_keys WHERE user_name = $1 AND key = $2";

    // Taken over only when its holder's lease ran out without an outcome, and by one request only.
    const string TakeOver = """
        UPDATE idempotency_keys SET lease_until = $4
        WHERE user_name = $1 AND key = $2 AND outcome IS NULL AND lease_until < $3
        """;

    public async Task<IdempotencyClaim> ClaimAsync(IdempotencyClaimRequest request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using (var claim = new NpgsqlBatch(connection))
        {
            claim.BatchCommands.Add(Command(DeleteExpired, request.User, request.Key, request.KeptSince.UtcDateTime));
            claim.BatchCommands.Add(Command(Insert, request.User, request.Key, request.Fingerprint, request.Now.UtcDateTime, request.LeaseUntil.UtcDateTime));
            await claim.ExecuteNonQueryAsync(cancellationToken);
            if (claim.BatchCommands[1].RecordsAffected == 1) return new IdempotencyClaim(IdempotencyClaimStatus.Claimed);
        }

        string fingerprint;
        DateTime leaseUntil;
        string? outcome;
        await using (var read = new NpgsqlCommand(Read, connection))
        {
            read.Parameters.Add(new NpgsqlParameter<string> { TypedValue = request.User });
            read.Parameters.Add(new NpgsqlParameter<string> { TypedValue = request.Key });
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            // Deleted since the insert lost (an expiry sweep in between): as good as in flight, the caller asks again.
            if (!await reader.ReadAsync(cancellationToken)) return new IdempotencyClaim(IdempotencyClaimStatus.InFlight);
            fingerprint = reader.GetString(0);
            leaseUntil = reader.GetDateTime(1);
            outcome = reader.IsDBNull(2) ? null : reader.GetString(2);
        }
        if (fingerprint != request.Fingerprint) return new IdempotencyClaim(IdempotencyClaimStatus.Mismatch);
        if (outcome is not null)
            return new IdempotencyClaim(IdempotencyClaimStatus.Completed, JsonSerializer.Deserialize<IdempotentOutcome>(outcome, ContractJson.Options));
        if (leaseUntil >= request.Now.UtcDateTime) return new IdempotencyClaim(IdempotencyClaimStatus.InFlight);

        await using var takeOver = new NpgsqlCommand(TakeOver, connection);
        takeOver.Parameters.Add(new NpgsqlParameter<string> { TypedValue = request.User });
        takeOver.Parameters.Add(new NpgsqlParameter<string> { TypedValue = request.Key });
        takeOver.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = request.Now.UtcDateTime });
        takeOver.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = request.LeaseUntil.UtcDateTime });
        return new IdempotencyClaim(await takeOver.ExecuteNonQueryAsync(cancellationToken) == 1
            ? IdempotencyClaimStatus.Claimed
            : IdempotencyClaimStatus.InFlight);
    }

    public async Task CompleteAsync(string user, string key, IdempotentOutcome outcome, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("UPDATE idempotency_keys SET outcome = $3 WHERE user_name = $1 AND key = $2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = user });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = JsonSerializer.Serialize(outcome, ContractJson.Options), NpgsqlDbType = NpgsqlDbType.Jsonb });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task ReleaseAsync(string user, string key, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("DELETE FROM idempotency_keys WHERE user_name = $1 AND key = $2 AND outcome IS NULL");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = user });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> ForgetBeforeAsync(DateTimeOffset keptSince, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("DELETE FROM idempotency_keys WHERE created_at < $1");
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = keptSince.UtcDateTime });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    static NpgsqlBatchCommand Command(string sql, string user, string key, params object[] rest)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = user });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        foreach (var value in rest) command.Parameters.Add(new NpgsqlParameter { Value = value });
        return command;
    }
}
