using System.Collections.Immutable;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using ServiceGrid.Cases;
using ServiceGrid.Events;
using ServiceGrid.Grains.Cases;
using ServiceGrid.Grains.ReadModel;

namespace ServiceGrid.Silo.Persistence;

/// <summary>
/// The SQL of the query tables of migration 0005: the projection writes <c>cases</c> and <c>case_events</c> (idempotent
/// on case id and version), and <c>GET /api/cases</c> pages <c>cases</c> in durable mode. Columns hold the contract's
/// spelling (<c>onSite</c>, <c>P1</c>), <c>view</c> the case as the API returns it.
/// </summary>
public sealed class CaseTable(NpgsqlDataSource database) : ICaseTableWriter, ICaseTableReader
{
    static readonly string[] ActiveStates = [.. CaseTransitions.Active.Select(StateName)];

    const string UpsertCases = """
        INSERT INTO cases (id, region, branch_id, engineer_id, state, severity, kind, tier, customer_id, opened_at, updated_at, version, view)
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::smallint[],
                             $9::text[], $10::timestamptz[], $11::timestamptz[], $12::integer[], $13::jsonb[])
        ON CONFLICT (id) DO UPDATE SET
            region = excluded.region, branch_id = excluded.branch_id, engineer_id = excluded.engineer_id, state = excluded.state,
            severity = excluded.severity, kind = excluded.kind, tier = excluded.tier, customer_id = excluded.customer_id,
            opened_at = excluded.opened_at, updated_at = excluded.updated_at, version = excluded.version, view = excluded.view
        WHERE cases.version < excluded.version
        """;

    const string InsertEvents = """
        INSERT INTO case_events (case_id, version, at, type, actor, entry)
        SELECT * FROM unnest($1::text[], $2::integer[], $3::timestamptz[], $4::text[], $5::text[], $6::jsonb[])
        ON CONFLICT (case_id, version) DO NOTHING
        """;

    // Every version of a case adds exactly one timeline entry (CaseGrain.Append), so the timeline is complete up to v
    // when it holds v entries numbered v or lower.
    const string CompleteUpTo = """
        SELECT b.case_id, b.version FROM unnest($1::text[], $2::integer[]) AS b(case_id, version)
        WHERE (SELECT count(*) FROM case_events e WHERE e.case_id = b.case_id AND e.version <= b.version) = b.version
        """;

    const string Filter = """
        FROM cases
        WHERE ($1::text IS NULL OR region = $1) AND ($2::text IS NULL OR state = $2) AND ($3::text IS NULL OR severity = $3)
          AND ($4::text IS NULL OR branch_id = $4 OR (state = 'open' AND branch_id IS NULL))
          AND ($5::text IS NULL OR engineer_id = $5) AND ($6::text IS NULL OR customer_id = $6)
        """;

    public async Task<IReadOnlyList<ProjectedCase>> WriteAsync(IReadOnlyCollection<CaseChanged> changes, CancellationToken cancellationToken)
    {
        var views = changes.Select(change => change.Case).ToArray();
        var entries = changes.SelectMany(change => change.Entries.Select(entry => (change.Case.Id, Entry: entry))).ToArray();

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var cases = new NpgsqlCommand(UpsertCases, connection, transaction))
        {
            Add(cases, views.Select(v => v.Id));
            Add(cases, views.Select(v => v.Region));
            Add(cases, views.Select(v => v.BranchId));
            Add(cases, views.Select(v => v.EngineerId));
            Add(cases, views.Select(v => StateName(v.State)));
            Add(cases, views.Select(v => SeverityName(v.Severity)));
            Add(cases, views.Select(v => CaseTransitions.Name(v.Kind)));
            Add(cases, views.Select(v => (short)v.Tier));
            Add(cases, views.Select(v => v.CustomerId));
            Add(cases, views.Select(v => v.OpenedAt.UtcDateTime));
            Add(cases, views.Select(v => v.UpdatedAt.UtcDateTime));
            Add(cases, views.Select(v => v.Version));
            AddJson(cases, views.Select(v => JsonSerializer.Serialize(v, ContractJson.Options)));
            await cases.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var events = new NpgsqlCommand(InsertEvents, connection, transaction))
        {
            Add(events, entries.Select(e => e.Id));
            Add(events, entries.Select(e => e.Entry.Version));
            Add(events, entries.Select(e => e.Entry.At.UtcDateTime));
            Add(events, entries.Select(e => e.Entry.Type));
            Add(events, entries.Select(e => e.Entry.Actor));
            AddJson(events, entries.Select(e => JsonSerializer.Serialize(e.Entry, ContractJson.Options)));
            await events.ExecuteNonQueryAsync(cancellationToken);
        }
        var confirmed = new List<ProjectedCase>(views.Length);
        await using (var check = new NpgsqlCommand(CompleteUpTo, connection, transaction))
        {
            Add(check, views.Select(v => v.Id));
            Add(check, views.Select(v => v.Version));
            await using var reader = await check.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) confirmed.Add(new ProjectedCase(reader.GetString(0), reader.GetInt32(1)));
        }
        await transaction.CommitAsync(cancellationToken);
        return confirmed;
    }

    public Task<IReadOnlyList<CaseView>> ActiveInRegionAsync(string region, CancellationToken cancellationToken) =>
        ReadAllAsync("SELECT view::text FROM cases WHERE region = $1 AND state = ANY($2)", ReadView, cancellationToken,
            new NpgsqlParameter<string> { TypedValue = region }, new NpgsqlParameter<string[]> { TypedValue = ActiveStates });

    public Task<IReadOnlyList<CaseView>> FindAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        ReadAllAsync("SELECT view::text FROM cases WHERE id = ANY($1)", ReadView, cancellationToken,
            new NpgsqlParameter<string[]> { TypedValue = [.. ids] });

    public Task<IReadOnlyList<CaseChanged>> RecentEntriesAsync(IReadOnlyCollection<string> types, int max, CancellationToken cancellationToken) =>
        ReadAllAsync("""
            SELECT c.view::text, e.entry::text FROM case_events e JOIN cases c ON c.id = e.case_id
            WHERE e.type = ANY($1) ORDER BY e.at DESC LIMIT $2
            """,
            reader => new CaseChanged(ReadView(reader), [JsonSerializer.Deserialize<TimelineEntry>(reader.GetString(1), ContractJson.Options)!]),
            cancellationToken,
            new NpgsqlParameter<string[]> { TypedValue = [.. types] }, new NpgsqlParameter<int> { TypedValue = max });

    async Task<IReadOnlyList<T>> ReadAllAsync<T>(string sql, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken,
        params NpgsqlParameter[] parameters)
    {
        await using var command = database.CreateCommand(sql);
        command.Parameters.AddRange(parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken)) rows.Add(read(reader));
        return rows;
    }

    static CaseView ReadView(NpgsqlDataReader reader) => JsonSerializer.Deserialize<CaseView>(reader.GetString(0), ContractJson.Options)!;

    /// <summary>
    /// A page of cases, newest first with ids breaking ties (as <see cref="CaseViews.NewestFirst"/>), in one region or
    /// all, limited to what <see cref="CaseQuery.Audience"/> may see (as <see cref="CaseViews.IsVisibleTo"/>).
    /// </summary>
    public async Task<CasePage> QueryAsync(string? region, CaseQuery query, CancellationToken cancellationToken)
    {
        await using var batch = database.CreateBatch();
        var count = new NpgsqlBatchCommand($"SELECT count(*) {Filter}");
        var page = new NpgsqlBatchCommand($"""
            SELECT view::text {Filter}
            ORDER BY opened_at DESC, id COLLATE "C" DESC
            LIMIT $7 OFFSET $8
            """);
        foreach (var command in new[] { count, page })
        {
            command.Parameters.Add(Text(region));
            command.Parameters.Add(Text(query.State is { } state ? StateName(state) : null));
            command.Parameters.Add(Text(query.Severity is { } severity ? SeverityName(severity) : null));
            command.Parameters.Add(Text(query.Audience?.BranchId));
            command.Parameters.Add(Text(query.Audience?.EngineerId));
            command.Parameters.Add(Text(query.Audience?.CustomerId));
            batch.BatchCommands.Add(command);
        }
        page.Parameters.Add(new NpgsqlParameter<int> { TypedValue = query.PageSize });
        page.Parameters.Add(new NpgsqlParameter<long> { TypedValue = (long)(query.Page - 1) * query.PageSize });

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var total = reader.GetInt64(0);
        await reader.NextResultAsync(cancellationToken);
        var items = ImmutableArray.CreateBuilder<CaseView>();
        while (await reader.ReadAsync(cancellationToken))
            items.Add(ReadView(reader));
        return new CasePage(items.ToImmutable(), (int)Math.Min(total, int.MaxValue));
    }

    static string StateName(CaseState state) => CaseTransitions.Name(state);

    static string SeverityName(Severity severity) => severity.ToString();

    static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    static void Add<T>(NpgsqlCommand command, IEnumerable<T> values) => command.Parameters.Add(new NpgsqlParameter<T[]> { TypedValue = values.ToArray() });

    static void AddJson(NpgsqlCommand command, IEnumerable<string> values) =>
        command.Parameters.Add(new NpgsqlParameter { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
}
