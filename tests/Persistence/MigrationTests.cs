using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using ServiceGrid.Silo.Persistence;
using ServiceGrid.Tests.Infrastructure;

namespace ServiceGrid.Tests.Persistence;

[Collection(PostgresCollection.Name)]
public sealed class MigrationTests(PostgresServer server)
{
    /// <summary>The query keys the Microsoft.Orleans.*.AdoNet 10.4.2 providers read from OrleansQuery.</summary>
    public static readonly string[] ClusteringKeys =
    [
        "UpdateIAmAlivetimeKey", "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey",
        "MembershipReadRowKey", "MembershipReadAllKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey",
        "CleanupDefunctSiloEntriesKey",
    ];
    public static readonly string[] PersistenceKeys = ["WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey"];
    public static readonly string[] ReminderKeys =
    [
        "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    static readonly PostgresMigrator Migrator = new(NullLogger<PostgresMigrator>.Instance);

    [Fact]
    public void The_shipped_migrations_are_numbered_from_one_without_gaps()
    {
        Assert.Equal(
            ["1 orleans_main", "2 orleans_clustering", "3 orleans_persistence", "4 orleans_reminders", "5 servicegrid_query_tables",
                "6 idempotency_keys_and_attachments"],
            Migration.All.Select(m => $"{m.Version} {m.Name}"));
    }

    [Fact]
    public async Task Applying_the_migrations_twice_changes_nothing_the_second_time()
    {
        var database = await server.CreateDatabaseAsync("migrate_twice");

        var first = await Migrator.MigrateAsync(database, Migration.All);
        var schema = await SchemaAsync(database);
        var history = await HistoryAsync(database);
        var second = await Migrator.MigrateAsync(database, Migration.All);

        Assert.Equal(Migration.All.Count, first.Count);
        Assert.Empty(second);
        Assert.Equal(schema, await SchemaAsync(database));
        Assert.Equal(history, await HistoryAsync(database));
        Assert.Equal(Migration.All.Select(m => $"{m.Version}|{m.Name}"), history.Select(row => string.Join('|', row.Split('|')[..2])));
    }

    [Fact]
    public async Task Migrators_starting_together_on_a_fresh_database_all_succeed_with_one_schema()
    {
        var database = await server.CreateDatabaseAsync("migrate_concurrently");

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Migrator.MigrateAsync(database, Migration.All))));

        Assert.Equal(Migration.All.Count, runs.Sum(applied => applied.Count));
        Assert.Single(runs, applied => applied.Count > 0);
        Assert.Equal(Migration.All.Count, (await HistoryAsync(database)).Count);
        var reference = await server.CreateDatabaseAsync("migrate_reference");
        await Migrator.MigrateAsync(reference, Migration.All);
        Assert.Equal(await SchemaAsync(reference), await SchemaAsync(database));
    }

    [Fact]
    public async Task A_database_behind_by_some_migrations_gets_only_the_missing_ones()
    {
        var database = await server.CreateDatabaseAsync("migrate_behind");

        await Migrator.MigrateAsync(database, Migration.All.Take(2).ToList());
        var rest = await Migrator.MigrateAsync(database, Migration.All);

        Assert.Equal(Migration.All.Skip(2).Select(m => m.Version), rest.Select(m => m.Version));
    }

    [Fact]
    public async Task A_failing_migration_is_rolled_back_and_not_recorded()
    {
        var database = await server.CreateDatabaseAsync("migrate_failing");
        var broken = new Migration(99, "broken", "CREATE TABLE half_done (id int); SELECT * FROM no_such_table;");

        await Assert.ThrowsAsync<PostgresException>(() => Migrator.MigrateAsync(database, [.. Migration.All, broken]));

        Assert.Equal(Migration.All.Count, (await HistoryAsync(database)).Count);
        Assert.Null(await Database.ScalarAsync<string>(database, "SELECT to_regclass('half_done')::text"));
        Assert.Empty(await Migrator.MigrateAsync(database, Migration.All));
    }

    [Fact]
    public async Task OrleansQuery_holds_every_query_the_clustering_persistence_and_reminder_providers_read()
    {
        var database = await server.CreateDatabaseAsync("migrate_queries");
        await Migrator.MigrateAsync(database, Migration.All);

        var keys = await Database.RowsAsync(database, "SELECT querykey FROM orleansquery ORDER BY querykey");

        Assert.Equal(ClusteringKeys.Concat(PersistenceKeys).Concat(ReminderKeys).Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
        Assert.Contains("Status != 3", await Database.ScalarAsync<string>(database, "SELECT querytext FROM orleansquery WHERE querykey = 'CleanupDefunctSiloEntriesKey'"));
    }

    [Fact]
    public async Task Case_rows_and_timeline_entries_are_written_once_per_case_and_version()
    {
        var database = await server.CreateDatabaseAsync("migrate_query_tables");
        await Migrator.MigrateAsync(database, Migration.All);
        const string Upsert = """
            INSERT INTO cases (id, region, branch_id, engineer_id, state, severity, kind, tier, customer_id, opened_at, updated_at, version, view)
            VALUES ('case-1', 'north', NULL, NULL, $1, 'P2', 'service', 2, 'cust-1', now(), now(), $2, '{}'::jsonb)
            ON CONFLICT (id) DO UPDATE SET state = excluded.state, version = excluded.version, updated_at = excluded.updated_at, view = excluded.view
            WHERE cases.version < excluded.version
            """;
        const string Append = """
            INSERT INTO case_events (case_id, version, at, type, actor, entry) VALUES ('case-1', $1, now(), $2, 'csc', '{}'::jsonb)
            ON CONFLICT (case_id, version) DO NOTHING
            """;

        await Database.ExecuteAsync(database, Upsert, "claimed", 2);
        await Database.ExecuteAsync(database, Upsert, "open", 1);
        await Database.ExecuteAsync(database, Append, 1, "opened");
        await Database.ExecuteAsync(database, Append, 1, "opened");
        await Database.ExecuteAsync(database, Append, 2, "claimed");

        Assert.Equal(["claimed|2"], await Database.RowsAsync(database, "SELECT state, version FROM cases"));
        Assert.Equal(["1|opened", "2|claimed"], await Database.RowsAsync(database, "SELECT version, type FROM case_events ORDER BY version"));
        await Assert.ThrowsAsync<PostgresException>(() => Database.ExecuteAsync(database,
            "INSERT INTO case_events (case_id, version, at, type, actor, entry) VALUES ('case-1', 1, now(), 'opened', 'csc', '{}')"));
    }

    /// <summary>Tables with their columns and types, functions with their arguments, indexes and the stored queries.</summary>
    static async Task<List<string>> SchemaAsync(string database) =>
    [
        .. await Database.RowsAsync(database, """
            SELECT table_name, column_name, data_type, coalesce(character_maximum_length, 0), is_nullable
            FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position
            """),
        .. await Database.RowsAsync(database, """
            SELECT p.proname, pg_get_function_identity_arguments(p.oid) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = 'public' ORDER BY 1, 2
            """),
        .. await Database.RowsAsync(database, "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1"),
        .. await Database.RowsAsync(database, "SELECT querykey, md5(querytext) FROM orleansquery ORDER BY 1"),
    ];

    static Task<List<string>> HistoryAsync(string database) =>
        Database.RowsAsync(database, "SELECT version, name, applied_at FROM servicegrid_migrations ORDER BY version");
}
