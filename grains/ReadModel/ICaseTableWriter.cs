using ServiceGrid.Events;

namespace ServiceGrid.Grains.ReadModel;

/// <summary>A case and the versions of it that the query tables confirmed as complete.</summary>
public readonly record struct ProjectedCase(string CaseId, int Version);

/// <summary>
/// Writes case changes into the query tables (<c>cases</c>, <c>case_events</c>) in one transaction. Durable mode registers
/// the PostgreSQL writer (silo <c>Persistence/CaseTable</c>); embedded mode has no query tables and registers none, so the
/// grains that take one as an optional dependency (the case, the projection) know there is nothing to confirm.
/// </summary>
public interface ICaseTableWriter
{
    /// <summary>
    /// Writes the changes (at most one per case) idempotently and answers, per case, the version the tables now hold
    /// completely: the row at that version or later and every timeline entry up to it. A case whose entries still have
    /// a gap (an earlier event lost on the way) is not in the answer.
    /// </summary>
    Task<IReadOnlyList<ProjectedCase>> WriteAsync(IReadOnlyCollection<CaseChanged> changes, CancellationToken cancellationToken);
}
