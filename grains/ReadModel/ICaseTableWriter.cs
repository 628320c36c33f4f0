using ServiceGrid.Events;

namespace ServiceGrid.Grains.ReadModel;

/// <summary>A case and the versions of it that the query tables confirmed as complete.</summary>
public readonly record struct ProjectedCase(string CaseId, int Version);

/// <summary>
/// Writes case changes into the query tables (<c>cases</c>, <c>case_events</c>) in one transaction. Durable mode registers
/// the PostgreSQL writer (silo <c>Persistence/CaseTable</c>); embedded mode registers <see cref="InMemoryCaseTables"/>,
/// which keeps the monthly reports in memory and confirms nothing, because nothing it holds outlives the process.
/// </summary>
public interface ICaseTableWriter
{
    /// <summary>
    /// Whether a case must announce a version again until <see cref="WriteAsync"/> confirms it: true for tables a silo's
    /// death does not take with it. An in-memory writer answers false, and its cases count every version as confirmed
    /// (embedded cases waiting for confirmations that never came once re-announced 113,000 times).
    /// </summary>
    bool AwaitsConfirmation => true;

    /// <summary>
    /// Writes the changes (at most one per case) idempotently and answers, per case, the version the tables now hold
    /// completely: the row at that version or later and every timeline entry up to it. A case whose entries still have
    /// a gap (an earlier event lost on the way) is not in the answer.
    /// </summary>
    Task<IReadOnlyList<ProjectedCase>> WriteAsync(IReadOnlyCollection<CaseChanged> changes, CancellationToken cancellationToken);
}
