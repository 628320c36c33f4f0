using System.Security.Cryptography;
using Npgsql;
using ServiceGrid.Bench.Harness;

namespace ServiceGrid.Bench.Scenarios;

/// <summary>
/// Intake in durable mode against a PostgreSQL the bench starts, beside a raw loop of single-row inserts (one
/// autocommitted INSERT of a case-sized JSON row per request) into the same server in the same run.
/// </summary>
public static class DurableIntakeScenario
{
    const string Name = "durable";
    /// <summary>About the size of a new case's stored state.</summary>
    static readonly string Payload = $$"""{"title":"Bench case","description":"{{new string('x', 900)}}"}""";

    public static async Task RunAsync(BenchOptions options, Report report)
    {
        await using var postgres = await PostgresServer.StartAsync();
        var grid = await postgres.CreateDatabaseAsync("servicegrid");
        await using (var target = await Target.StartAsync(options, new Dictionary<string, string>
        {
            ["ConnectionStrings__ServiceGrid"] = grid,
            ["ServiceGrid__Auth__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["ServiceGrid__Auth__DemoUsers"] = "true",
        }))
        {
            var commitsBefore = await ScalarAsync(grid, "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");
            await IntakeScenario.RunAsync(options, report, Name, target);
            await Task.Delay(2000); // PostgreSQL publishes its statistics, and the projection flushes, a moment later.
            var commits = await ScalarAsync(grid, "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()") - commitsBefore;
            var cases = await ScalarAsync(grid, "SELECT count(*) FROM cases");
            // What one case costs the database: grain state, reminder, query-table projection (plus a little background).
            if (cases > 0) report.Add(new Figure(Name, "PostgreSQL transactions per case", (double)commits / cases, "commits"));
        }

        var raw = await postgres.CreateDatabaseAsync("raw");
        await using var source = NpgsqlDataSource.Create(postgres.ConnectionString("raw", options.Concurrency));
        await using (var create = source.CreateCommand("CREATE TABLE bench_row (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), payload jsonb NOT NULL)"))
            await create.ExecuteNonQueryAsync();
        var inserts = await LoadRunner.RunAsync(options.Concurrency, options.WarmUp, options.Duration, async (_, _) =>
        {
            await using var insert = source.CreateCommand("INSERT INTO bench_row (payload) VALUES ($1::jsonb)");
            insert.Parameters.Add(new NpgsqlParameter { Value = Payload });
            return await insert.ExecuteNonQueryAsync() == 1;
        });
        var intake = report.Figures.Single(f => f.Scenario == Name && f.Name == "POST /api/cases");
        report.Add(new Figure(Name, "raw single-row INSERT (floor)", inserts.PerSecond, "rows/s"));
        report.Add(new Figure(Name, "raw INSERT p99", inserts.Latency.P99, "ms"));
        report.Add(new Figure(Name, "durable intake vs raw INSERT", intake.Value, "cases/s", inserts.PerSecond, "≥ 0.50 of raw",
            intake.Value >= 0.5 * inserts.PerSecond));
        report.Note(Name, $"PostgreSQL {Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(FindInitdb())))} on this machine, fsync on, default settings; " +
            $"web in durable mode (ADO.NET storage, reminders, clustering); raw loop: {options.Concurrency} connections, one autocommitted INSERT each");
    }

    static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    static string FindInitdb() => Directory.GetFiles("/usr/lib/postgresql", "initdb", SearchOption.AllDirectories).First();
}
