using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ServiceGrid.Tests.Infrastructure;
using ServiceGrid.Tests.Persistence;
using ServiceGrid.Tests.Web;

namespace ServiceGrid.Tests.Cluster;

/// <summary>
/// Durable mode as deployed: silo processes and a web process in <c>external</c> mode, on free ports, against one
/// throwaway database of the shared <see cref="PostgresServer"/>, with the demo organization and demo sign-in.
/// Disposing kills every process it started.
/// </summary>
sealed class Grid : IAsyncDisposable
{
    const int ActiveStatus = 3;

    readonly List<ChildProcess> _processes = [];
    readonly Dictionary<string, string> _settings;
    readonly string _clusterId = $"cluster-{Guid.NewGuid():N}"[..20];
    int _silos;

    Grid(PostgresServer server, string database, Dictionary<string, string> settings) =>
        (Server, Database, _settings) = (server, database, settings);

    public PostgresServer Server { get; }
    /// <summary>The connection string of this grid's database.</summary>
    public string Database { get; }
    public ChildProcess? Web { get; private set; }
    public int WebPort { get; private set; }
    public IReadOnlyList<ChildProcess> Processes => _processes;

    public static async Task<Grid> CreateAsync(PostgresServer server, string name, Dictionary<string, string>? settings = null)
    {
        var database = await server.CreateDatabaseAsync(name);
        return new Grid(server, database, settings ?? []);
    }

    /// <summary>Starts a silo, with <paramref name="settings"/> of its own; returns when the membership table lists it as active.</summary>
    public async Task<ChildProcess> StartSiloAsync(Dictionary<string, string>? settings = null)
    {
        var (silo, port) = LaunchSilo(settings);
        await UntilAsync(async () => await ActiveSilosAsync(port) == 1, TimeSpan.FromSeconds(60), $"{silo.Name} to join", silo);
        return silo;
    }

    /// <summary>Starts a silo on new ports and returns at once, with the silo port it listens on.</summary>
    public (ChildProcess Silo, int Port) LaunchSilo(Dictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var silo = ChildProcess.Start($"silo-{++_silos}", "silo", "ServiceGrid.Silo", Environment(new(settings ?? [])
        {
            ["Orleans__SiloPort"] = port.ToString(),
            ["Orleans__GatewayPort"] = FreePort().ToString(),
            ["ServiceGrid__Demo__Organization"] = "true",
        }));
        _processes.Add(silo);
        return (silo, port);
    }

    /// <summary>
    /// Starts the web process; returns when <c>/health/ready</c> answers 200 (cluster, organization chart and PostgreSQL)
    /// and the demo organization's customers are registered too.
    /// </summary>
    public async Task<ChildProcess> StartWebAsync()
    {
        var web = LaunchWeb();
        using var probe = Http();
        await UntilAsync(async () =>
        {
            try { return (await probe.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK; }
            catch (HttpRequestException) { return false; }
        }, TimeSpan.FromSeconds(90), "the web process to be ready", web);
        await DemoOrganizationLoadedAsync();
        return web;
    }

    /// <summary>
    /// Waits until a silo has loaded the demo organization: readiness waits for its chart, which the seeder defines before
    /// it registers the customers and units that tests open cases for.
    /// </summary>
    public Task DemoOrganizationLoadedAsync() =>
        UntilAsync(() => Task.FromResult(AllOutput.Any(line => line.Contains("Demo organization loaded"))), TimeSpan.FromSeconds(60),
            "a silo to load the demo organization");

    /// <summary>Starts the web process (on the port of the previous one, if any) and returns at once.</summary>
    public ChildProcess LaunchWeb()
    {
        WebPort = WebPort == 0 ? FreePort() : WebPort;
        Web = ChildProcess.Start("web", "web", "ServiceGrid.Web", Environment(new()
        {
            ["ServiceGrid__Silo"] = "external",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{WebPort}",
        }));
        _processes.Add(Web);
        return Web;
    }

    /// <summary>A client of the web process signed in as a demo user (password <c>demo</c>).</summary>
    public async Task<ApiClient> SignInAsync(string username = "hq")
    {
        var http = Http();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(username));
        return new ApiClient(http);
    }

    /// <summary>A demo user's access token from the web process.</summary>
    public async Task<string> TokenAsync(string username = "hq")
    {
        using var anonymous = Http();
        using var response = await anonymous.PostAsJsonAsync("/api/auth/token", new { username, password = "demo" });
        Assert.True(response.IsSuccessStatusCode, $"sign-in of {username}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
    }

    public HttpClient Http() => new() { BaseAddress = new Uri($"http://127.0.0.1:{WebPort}"), Timeout = TimeSpan.FromSeconds(45) };

    async Task<long> ActiveSilosAsync(int port)
    {
        try
        {
            return await Persistence.Database.ScalarAsync<long>(Database,
                $"SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = '{_clusterId}' AND status = {ActiveStatus} AND port = {port}");
        }
        catch (Npgsql.PostgresException)
        {
            return 0; // The first silo has not created the tables yet.
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with the processes' output when the deadline passes.</summary>
    public async Task UntilAsync(Func<Task<bool>> condition, TimeSpan within, string what, ChildProcess? watched = null, Func<string>? lastSeen = null)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            if (watched is { HasExited: true }) Assert.Fail($"{watched.Name} exited while waiting for {what}.\n{watched.Tail()}");
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Waited {within} for {what}.{(lastSeen is null ? "" : $"\nLast seen: {lastSeen()}")}\n{string.Join('\n', _processes.Select(p => p.Tail(25)))}");
            await Task.Delay(250);
        }
    }

    /// <summary>Every process's output, for assertions on what happened (e.g. which silo loaded the demo organization).</summary>
    public IEnumerable<string> AllOutput => _processes.SelectMany(p => p.Output);

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes) await process.DisposeAsync();
    }

    Dictionary<string, string> Environment(Dictionary<string, string> own)
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__ServiceGrid"] = Database,
            ["Orleans__ClusterId"] = _clusterId,
            ["Orleans__ServiceId"] = _clusterId,
            ["ServiceGrid__Auth__SigningKey"] = SigningKey,
            ["ServiceGrid__Auth__DemoUsers"] = "true",
            ["ServiceGrid__RateLimits__IntakePerUserPerMinute"] = "0",
            ["ServiceGrid__RateLimits__SignInPerAddressPerMinute"] = "0",
            ["Logging__LogLevel__Default"] = "Information",
            ["Logging__LogLevel__Microsoft"] = "Warning",
            ["Logging__LogLevel__Orleans"] = "Warning",
        };
        foreach (var (key, value) in _settings.Concat(own)) environment[key] = value;
        return environment;
    }

    static readonly string SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
