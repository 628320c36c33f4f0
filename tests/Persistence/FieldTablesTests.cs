using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using ServiceGrid.Cases;
using ServiceGrid.Silo.Persistence;
using ServiceGrid.Tests.Infrastructure;

namespace ServiceGrid.Tests.Persistence;

/// <summary>Durable mode's idempotency keys and attachments (migration 0006), as every web node shares them.</summary>
[Collection(PostgresCollection.Name)]
public sealed class FieldTablesTests(PostgresServer server)
{
    static readonly DateTimeOffset Now = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    static IdempotencyClaimRequest Claim(string fingerprint = "f1", DateTimeOffset? now = null)
    {
        var at = now ?? Now;
        return new("eng-beijing-1", "key-1", fingerprint, at, at.AddSeconds(30), at.AddDays(-7));
    }

    [Fact]
    public async Task A_key_is_claimed_once_then_answers_its_outcome_and_refuses_another_request()
    {
        var store = new IdempotencyTable(await DatabaseAsync("idempotency_claims"));
        var outcome = new IdempotentOutcome(200, """{"id":"c1"}""");

        var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => store.ClaimAsync(Claim(), CancellationToken.None)));
        await store.CompleteAsync("eng-beijing-1", "key-1", outcome, CancellationToken.None);

        Assert.Single(claims, c => c.Status == IdempotencyClaimStatus.Claimed);
        Assert.All(claims.Where(c => c.Status != IdempotencyClaimStatus.Claimed), c => Assert.Equal(IdempotencyClaimStatus.InFlight, c.Status));
        Assert.Equal(new IdempotencyClaim(IdempotencyClaimStatus.Completed, outcome), await store.ClaimAsync(Claim(), CancellationToken.None));
        Assert.Equal(IdempotencyClaimStatus.Mismatch, (await store.ClaimAsync(Claim("f2"), CancellationToken.None)).Status);
    }

    [Fact]
    public async Task A_claim_whose_holder_died_is_taken_over_after_its_lease_and_an_expired_key_is_new_again()
    {
        var store = new IdempotencyTable(await DatabaseAsync("idempotency_leases"));
        await store.ClaimAsync(Claim(), CancellationToken.None);

        var during = await store.ClaimAsync(Claim(now: Now.AddSeconds(10)), CancellationToken.None);
        var after = await store.ClaimAsync(Claim(now: Now.AddSeconds(31)), CancellationToken.None);
        await store.CompleteAsync("eng-beijing-1", "key-1", new IdempotentOutcome(409, Failure: FailureKind.Conflict, Detail: "d"), CancellationToken.None);
        var weekLater = await store.ClaimAsync(Claim("f2", Now.AddDays(8)), CancellationToken.None);

        Assert.Equal((IdempotencyClaimStatus.InFlight, IdempotencyClaimStatus.Claimed, IdempotencyClaimStatus.Claimed),
            (during.Status, after.Status, weekLater.Status));
        Assert.Equal(1, await store.ForgetBeforeAsync(Now.AddDays(9), CancellationToken.None));
    }

    [Fact]
    public async Task A_released_key_is_free_and_an_attachment_is_stored_once_per_id()
    {
        var database = await DatabaseAsync("attachments");
        var store = new IdempotencyTable(database);
        var attachments = new AttachmentTable(database);
        await store.ClaimAsync(Claim(), CancellationToken.None);
        await store.ReleaseAsync("eng-beijing-1", "key-1", CancellationToken.None);

        await attachments.SaveAsync(new CaseAttachment("c1", "sig-1", "image/png", [1, 2, 3], "eng-beijing-1", Now), CancellationToken.None);
        await attachments.SaveAsync(new CaseAttachment("c1", "sig-1", "image/png", [9], "eng-beijing-1", Now), CancellationToken.None);

        Assert.Equal(IdempotencyClaimStatus.Claimed, (await store.ClaimAsync(Claim("f2"), CancellationToken.None)).Status);
        var stored = await attachments.FindAsync("c1", "sig-1", CancellationToken.None);
        Assert.Equal([1, 2, 3], stored!.Content);
        Assert.Equal(("image/png", Now), (stored.ContentType, stored.CreatedAt));
        Assert.Null(await attachments.FindAsync("c2", "sig-1", CancellationToken.None));
    }

    async Task<NpgsqlDataSource> DatabaseAsync(string name)
    {
        var connectionString = await server.CreateDatabaseAsync(name);
        await new PostgresMigrator(NullLogger<PostgresMigrator>.Instance).MigrateAsync(connectionString, Migration.All);
        return NpgsqlDataSource.Create(connectionString);
    }
}
