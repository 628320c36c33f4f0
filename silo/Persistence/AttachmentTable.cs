using Npgsql;
using ServiceGrid.Cases;

namespace ServiceGrid.Silo.Persistence;

/// <summary>Durable mode's <see cref="IAttachmentStore"/>: the <c>case_attachments</c> table of migration 0006.</summary>
public sealed class AttachmentTable(NpgsqlDataSource database) : IAttachmentStore
{
    public async Task SaveAsync(CaseAttachment attachment, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            INSERT INTO case_attachments (case_id, id, content_type, content, created_by, created_at)
            VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (case_id, id) DO NOTHING
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = attachment.CaseId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = attachment.Id });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = attachment.ContentType });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = attachment.Content });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = attachment.CreatedBy });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = attachment.CreatedAt.UtcDateTime });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<CaseAttachment?> FindAsync(string caseId, string attachmentId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "SELECT content_type, content, created_by, created_at FROM case_attachments WHERE case_id = $1 AND id = $2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = caseId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = attachmentId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new CaseAttachment(caseId, attachmentId, reader.GetString(0), (byte[])reader.GetValue(1), reader.GetString(2),
            new DateTimeOffset(reader.GetDateTime(3), TimeSpan.Zero));
    }
}
