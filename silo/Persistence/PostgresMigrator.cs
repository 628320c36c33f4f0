using Microsoft.Extensions.Logging;
using Npgsql;

namespace ServiceGrid.Silo.Persistence;

/// <summary>
/// Brings a PostgreSQL database to the schema of this build: Orleans' clustering, persistence and reminder tables and
/// queries, and ServiceGrid's query tables. Orleans' scripts are not idempotent, so each migration runs once, recorded
/// in <c>servicegrid_migrations</c>. Several silos starting together queue on one advisory lock: the first applies
/// what is missing, the others then find nothing to do.
/// </summary>
public sealed partial class PostgresMigrator(ILogger<PostgresMigrator> logger)
{
    /// <summary>The advisory lock every ServiceGrid process takes to migrate ("SGMIGRAT" in ASCII).</summary>
    public const long AdvisoryLockKey = 0x53474D4947524154;

    const string CreateHistory = """
        CREATE TABLE IF NOT EXISTS servicegrid_migrations
        (
            version integer PRIMARY KEY,
            name text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """;

    /// <summary>Applies the migrations the database lacks; returns those it applied (none when already current).</summary>
    public async Task<IReadOnlyList<Migration>> MigrateAsync(string connectionString, IReadOnlyList<Migration> migrations, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);

        // Session-level lock: held across the per-migration transactions, released below or when the connection
        // closes (a crashed silo does not leave it behind). Waits as long as another silo migrates.
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({AdvisoryLockKey})", timeoutSeconds: 0, cancellationToken);
        try
        {
            await ExecuteAsync(connection, CreateHistory, timeoutSeconds: 30, cancellationToken);
            var applied = await AppliedVersionsAsync(connection, cancellationToken);
            var missing = migrations.Where(m => !applied.Contains(m.Version)).OrderBy(m => m.Version).ToList();
            foreach (var migration in missing)
            {
                await ApplyAsync(connection, migration, cancellationToken);
                LogApplied(logger, migration.Version, migration.Name);
            }
            if (missing.Count == 0) LogCurrent(logger, applied.Count == 0 ? 0 : applied.Max());
            return missing;
        }
        finally
        {
            if (connection.State == System.Data.ConnectionState.Open)
                await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", timeoutSeconds: 30, CancellationToken.None);
        }
    }

    static async Task ApplyAsync(NpgsqlConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var script = new NpgsqlCommand(migration.Sql, connection, transaction) { CommandTimeout = 300 })
            await script.ExecuteNonQueryAsync(cancellationToken);
        await using (var record = new NpgsqlCommand("INSERT INTO servicegrid_migrations (version, name) VALUES ($1, $2)", connection, transaction))
        {
            record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = migration.Version });
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = migration.Name });
            await record.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    static async Task<HashSet<int>> AppliedVersionsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT version FROM servicegrid_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var versions = new HashSet<int>();
        while (await reader.ReadAsync(cancellationToken)) versions.Add(reader.GetInt32(0));
        return versions;
    }

    static async Task ExecuteAsync(NpgsqlConnection connection, string sql, int timeoutSeconds, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = timeoutSeconds };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL schema: applied migration {Version} ({Name})")]
    static partial void LogApplied(ILogger logger, int version, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL schema is current (migration {Version})")]
    static partial void LogCurrent(ILogger logger, int version);
}
