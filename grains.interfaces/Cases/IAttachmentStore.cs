namespace ServiceGrid.Cases;

/// <summary>
/// Files that belong to a case (the customer's signature on the dispatch form), kept outside the case's state so that
/// the case stays small: PostgreSQL in durable mode, memory in embedded mode.
/// </summary>
public interface IAttachmentStore
{
    /// <summary>Stores the file under its id; storing the same id again keeps the first (a retried upload).</summary>
    Task SaveAsync(CaseAttachment attachment, CancellationToken cancellationToken);

    /// <summary>The attachment of this case with this id, or null.</summary>
    Task<CaseAttachment?> FindAsync(string caseId, string attachmentId, CancellationToken cancellationToken);
}

public sealed record CaseAttachment(string CaseId, string Id, string ContentType, byte[] Content, string CreatedBy, DateTimeOffset CreatedAt);
