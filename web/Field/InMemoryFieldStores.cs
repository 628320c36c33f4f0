using System.Collections.Concurrent;
using ServiceGrid.Cases;

namespace ServiceGrid.Web.Field;

/// <summary>Embedded mode's <see cref="IIdempotencyStore"/>: one process, so one dictionary under one lock per key holder.</summary>
public sealed class InMemoryIdempotencyStore : IIdempotencyStore
{
    sealed record Entry(string Fingerprint, DateTimeOffset CreatedAt, DateTimeOffset LeaseUntil, IdempotentOutcome? Outcome);

    readonly Dictionary<(string User, string Key), Entry> _entries = [];
    readonly Lock _gate = new();

    public Task<IdempotencyClaim> ClaimAsync(IdempotencyClaimRequest request, CancellationToken cancellationToken)
    {
        var id = (request.User, request.Key);
        lock (_gate)
        {
            if (!_entries.TryGetValue(id, out var entry) || entry.CreatedAt < request.KeptSince)
            {
                _entries[id] = new Entry(request.Fingerprint, request.Now, request.LeaseUntil, null);
                return Task.FromResult(new IdempotencyClaim(IdempotencyClaimStatus.Claimed));
            }
            if (entry.Fingerprint != request.Fingerprint) return Task.FromResult(new IdempotencyClaim(IdempotencyClaimStatus.Mismatch));
            if (entry.Outcome is not null) return Task.FromResult(new IdempotencyClaim(IdempotencyClaimStatus.Completed, entry.Outcome));
            if (entry.LeaseUntil >= request.Now) return Task.FromResult(new IdempotencyClaim(IdempotencyClaimStatus.InFlight));
            _entries[id] = entry with { LeaseUntil = request.LeaseUntil };
            return Task.FromResult(new IdempotencyClaim(IdempotencyClaimStatus.Claimed));
        }
    }

    public Task CompleteAsync(string user, string key, IdempotentOutcome outcome, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue((user, key), out var entry)) _entries[(user, key)] = entry with { Outcome = outcome };
        }
        return Task.CompletedTask;
    }

    public Task ReleaseAsync(string user, string key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue((user, key), out var entry) && entry.Outcome is null) _entries.Remove((user, key));
        }
        return Task.CompletedTask;
    }

    public Task<int> ForgetBeforeAsync(DateTimeOffset keptSince, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var expired = _entries.Where(entry => entry.Value.CreatedAt < keptSince).Select(entry => entry.Key).ToList();
            foreach (var id in expired) _entries.Remove(id);
            return Task.FromResult(expired.Count);
        }
    }
}

/// <summary>Embedded mode's <see cref="IAttachmentStore"/>: gone with the process, like the rest of embedded mode.</summary>
public sealed class InMemoryAttachmentStore : IAttachmentStore
{
    readonly ConcurrentDictionary<(string CaseId, string Id), CaseAttachment> _attachments = new();

    public Task SaveAsync(CaseAttachment attachment, CancellationToken cancellationToken)
    {
        _attachments.TryAdd((attachment.CaseId, attachment.Id), attachment);
        return Task.CompletedTask;
    }

    public Task<CaseAttachment?> FindAsync(string caseId, string attachmentId, CancellationToken cancellationToken) =>
        Task.FromResult(_attachments.GetValueOrDefault((caseId, attachmentId)));
}
