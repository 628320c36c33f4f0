using System.Diagnostics;
using Npgsql;

namespace ServiceGrid.Bench.Harness;

/// <summary>
/// A throwaway PostgreSQL server for the durable scenario, the approach of tests/Infrastructure/PostgresServer: initdb
/// into a temporary directory, pg_ctl on a free loopback port, as the <c>postgres</c> user when root (PostgreSQL
/// refuses to run as root). Unlike the tests' server it keeps fsync on: the figures are about durable writes.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    const string User = "postgres";

    readonly string _root = Path.Combine(Path.GetTempPath(), $"servicegrid-bench-pg-{Guid.NewGuid():N}");
    readonly string _binaries = FindBinaries();
    readonly bool _asServiceUser = Environment.IsPrivilegedProcess;

    public int Port { get; } = ServerProcess.FreePort();

    string Data => Path.Combine(_root, "data");

    public string ConnectionString(string database, int maxPool = 100) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1", Port = Port, Username = User, Database = database, MaxPoolSize = maxPool,
    }.ConnectionString;

    public static async Task<PostgresServer> StartAsync()
    {
        var server = new PostgresServer();
        if (server._asServiceUser)
        {
            if (await ExecuteAsync("id", ["-u", User]) != 0)
                await RunAsync("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", User]);
            await RunAsync("runuser", ["-u", User, "--", "mkdir", "-m", "700", server._root]);
        }
        else Directory.CreateDirectory(server._root);
        await server.ToolAsync("initdb", ["-D", server.Data, "-U", User, "-A", "trust", "-E", "UTF8", "--no-locale"]);
        await server.ToolAsync("pg_ctl", ["-D", server.Data, "-l", Path.Combine(server._root, "server.log"), "-w", "-t", "60",
            "-o", $"-c listen_addresses=127.0.0.1 -p {server.Port} -k {server._root} -c max_connections=300", "start"]);
        return server;
    }

    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try { await ToolAsync("pg_ctl", ["-D", Data, "-m", "immediate", "-w", "-t", "30", "stop"]); }
        catch (InvalidOperationException) { /* Not running. */ }
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    Task ToolAsync(string tool, string[] arguments) => _asServiceUser
        ? RunAsync("runuser", ["-u", User, "--", Path.Combine(_binaries, tool), .. arguments])
        : RunAsync(Path.Combine(_binaries, tool), arguments);

    static string FindBinaries() =>
        (Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql") : [])
            .Select(dir => Path.Combine(dir, "bin"))
            .Where(bin => File.Exists(Path.Combine(bin, "initdb")))
            .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
            .FirstOrDefault()
        ?? throw new InvalidOperationException("PostgreSQL binaries not found under /usr/lib/postgresql/*/bin: run .ci/install-postgres.sh.");

    static async Task RunAsync(string file, string[] arguments)
    {
        if (await ExecuteAsync(file, arguments) is var code and not 0)
            throw new InvalidOperationException($"'{file} {string.Join(' ', arguments)}' exited with {code}.");
    }

    static async Task<int> ExecuteAsync(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        await Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync(), process.WaitForExitAsync());
        return process.ExitCode;
    }
}
