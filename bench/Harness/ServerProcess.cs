using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ServiceGrid.Bench.Harness;

/// <summary>
/// The built web (API and cohosted silo) as a child process on free loopback ports, so that the load generator and the
/// server never share a process. Killed on dispose, on Ctrl-C and when the bench exits for any reason.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    readonly Process _process;
    readonly Queue<string> _lastLines = new();

    ServerProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Kill();
        Console.CancelKeyPress += (_, _) => Kill();
    }

    public Uri Url { get; }
    public int ProcessId => _process.Id;

    /// <summary>The embedded-mode settings of every benchmark: demo organization on, simulator off, rate limits off.</summary>
    public static Dictionary<string, string> BenchSettings() => new()
    {
        ["ServiceGrid__Demo__Organization"] = "true",
        ["ServiceGrid__Demo__Traffic"] = "false",
        ["ServiceGrid__RateLimits__IntakePerUserPerMinute"] = "0",
        ["ServiceGrid__RateLimits__SignInPerAddressPerMinute"] = "0",
    };

    public static async Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string> settings, TimeSpan? timeout = null)
    {
        if (!File.Exists(Paths.WebAssembly))
            throw new InvalidOperationException($"{Paths.WebAssembly} is missing: build it first (dotnet build -c {Paths.Configuration} OrleansService.sln).");
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(Paths.WebAssembly)!,
        };
        foreach (var argument in new[] { Paths.WebAssembly, "--urls", $"http://127.0.0.1:{port}" }) start.ArgumentList.Add(argument);
        // Other engineers' silos may hold the default Orleans ports on a shared machine.
        start.Environment["Orleans__SiloPort"] = FreePort().ToString();
        start.Environment["Orleans__GatewayPort"] = FreePort().ToString();
        foreach (var (key, value) in settings) start.Environment[key] = value;

        var server = new ServerProcess(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}"));
        server._process.OutputDataReceived += (_, line) => server.Keep(line.Data);
        server._process.ErrorDataReceived += (_, line) => server.Keep(line.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        await server.WaitUntilReadyAsync(timeout ?? TimeSpan.FromSeconds(90));
        return server;
    }

    /// <summary>The child's resident set size (Linux), in bytes.</summary>
    public long ResidentBytes() => ProcessMemory.ResidentBytes(_process.Id);

    async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited) break;
            try
            {
                if ((await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { /* Not listening yet. */ }
            catch (TaskCanceledException) { /* Starting slowly on a busy machine. */ }
            await Task.Delay(200);
        }
        Kill();
        string tail;
        lock (_lastLines) tail = string.Join('\n', _lastLines);
        throw new InvalidOperationException($"The server did not become ready within {timeout.TotalSeconds:0} s:\n{tail}");
    }

    void Keep(string? line)
    {
        if (line is null) return;
        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            while (_lastLines.Count > 40) _lastLines.Dequeue();
        }
    }

    void Kill()
    {
        try { if (!_process.HasExited) _process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { /* Already gone. */ }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
