using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace ServiceGrid.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL server for the durable-mode tests: initdb into a fresh temporary directory (trust auth,
/// UTF8), pg_ctl on a free loopback port, databases on demand, and everything removed on dispose. PostgreSQL refuses to
/// run as root, so as root the server runs as the <c>postgres</c> user, which owns the directory.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    const string ServiceUser = "postgres";
    const string Superuser = "postgres";

    readonly string _root = Path.Combine(Path.GetTempPath(), $"servicegrid-pg-{Guid.NewGuid():N}");
    readonly string _binaries = FindBinaries();
    readonly bool _asServiceUser = Environment.IsPrivilegedProcess;

    public int Port { get; } = FreePort();

    string DataDirectory => Path.Combine(_root, "data");
    string LogFile => Path.Combine(_root, "server.log");

    /// <summary>A connection string for <paramref name="database"/> on this server.</summary>
    public string ConnectionString(string database = "postgres") => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = Superuser,
        Database = database,
        // Every durable test class brings its own silos and pools to this one server, and a pool keeps its idle
        // connections for minutes after its silo stopped: bound each pool, and let it close what it no longer uses.
        MaxPoolSize = 40,
        ConnectionIdleLifetime = 15,
    }.ConnectionString;

    public async Task InitializeAsync()
    {
        if (_asServiceUser)
        {
            await EnsureServiceUserAsync();
            await RunAsync("runuser", ["-u", ServiceUser, "--", "mkdir", "-m", "700", _root]);
        }
        else
        {
            Directory.CreateDirectory(_root);
        }
        await RunServerToolAsync("initdb", ["-D", DataDirectory, "-U", Superuser, "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"]);
        await StartAsync();
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>Starts the server (again) on the same port and data; returns when it accepts connections.</summary>
    public Task StartAsync() => RunServerToolAsync("pg_ctl",
    [
        "-D", DataDirectory, "-l", LogFile, "-w", "-t", "60",
        "-o", $"-c listen_addresses=127.0.0.1 -p {Port} -k {_root} -c fsync=off -c max_connections=400",
        "start",
    ]);

    /// <summary>Stops the server (fast shutdown: open sessions are disconnected); returns when it is down.</summary>
    public async Task StopAsync()
    {
        await RunServerToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop"]);
        // Pooled connections to the dead server would otherwise be handed out once it is back.
        NpgsqlConnection.ClearAllPools();
    }

    public async Task DisposeAsync()
    {
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            try { await RunServerToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "-t", "30", "stop"]); }
            catch (InvalidOperationException) { /* Already stopped: nothing to shut down. */ }
        }
        NpgsqlConnection.ClearAllPools();
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    Task RunServerToolAsync(string tool, string[] arguments)
    {
        var path = Path.Combine(_binaries, tool);
        return _asServiceUser
            ? RunAsync("runuser", ["-u", ServiceUser, "--", path, .. arguments])
            : RunAsync(path, arguments);
    }

    static async Task EnsureServiceUserAsync()
    {
        if (await TryRunAsync("id", ["-u", ServiceUser]) == 0) return;
        await RunAsync("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", ServiceUser]);
    }

    static string FindBinaries()
    {
        const string Root = "/usr/lib/postgresql";
        var newest = Directory.Exists(Root)
            ? Directory.GetDirectories(Root)
                .Where(dir => File.Exists(Path.Combine(dir, "bin", "initdb")) && File.Exists(Path.Combine(dir, "bin", "pg_ctl")))
                .Select(dir => (Dir: dir, Major: int.TryParse(Path.GetFileName(dir), out var major) ? major : 0))
                .OrderByDescending(found => found.Major)
                .Select(found => Path.Combine(found.Dir, "bin"))
                .FirstOrDefault()
            : null;
        return newest ?? throw new InvalidOperationException(
            "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin. Run .ci/install-postgres.sh (Debian: apt-get install postgresql).");
    }

    static async Task RunAsync(string file, string[] arguments)
    {
        var (exitCode, output) = await ExecuteAsync(file, arguments);
        if (exitCode != 0)
            throw new InvalidOperationException($"'{file} {string.Join(' ', arguments)}' exited with {exitCode}:\n{output}");
    }

    static async Task<int> TryRunAsync(string file, string[] arguments) => (await ExecuteAsync(file, arguments)).ExitCode;

    static async Task<(int ExitCode, string Output)> ExecuteAsync(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
