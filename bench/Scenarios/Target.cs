using ServiceGrid.Bench.Harness;

namespace ServiceGrid.Bench.Scenarios;

/// <summary>The service under test: a child process the bench starts, or a URL given with <c>--url</c>.</summary>
public sealed class Target : IAsyncDisposable
{
    readonly ServerProcess? _server;

    Target(Uri url, ServerProcess? server) => (Url, _server) = (url, server);

    public Uri Url { get; }

    /// <summary>Resident memory of the server, when the bench started it (0 for a URL).</summary>
    public long ResidentBytes() => _server?.ResidentBytes() ?? 0;

    /// <summary>CPU time the server has used so far, when the bench started it (zero for a URL).</summary>
    public TimeSpan CpuTime() => _server is null ? TimeSpan.Zero : ProcessMemory.CpuTime(_server.ProcessId);

    /// <summary>Runs <paramref name="phase"/> and returns its result with the server's CPU milliseconds per successful
    /// request, counted from the moment the phase calls back that its measured part starts.</summary>
    public async Task<(LoadResult Result, double CpuMsPerRequest)> MeasureAsync(Func<Action, Task<LoadResult>> phase)
    {
        var before = TimeSpan.Zero;
        var result = await phase(() => before = CpuTime());
        var used = CpuTime() - before;
        return (result, result.Ok == 0 ? 0 : used.TotalMilliseconds / result.Ok);
    }

    public static async Task<Target> StartAsync(BenchOptions options, IReadOnlyDictionary<string, string>? extra = null)
    {
        if (options.Url is { } url) return new Target(url, null);
        var settings = ServerProcess.BenchSettings();
        foreach (var (key, value) in extra ?? new Dictionary<string, string>()) settings[key] = value;
        var server = await ServerProcess.StartAsync(settings);
        return new Target(server.Url, server);
    }

    public ValueTask DisposeAsync() => _server?.DisposeAsync() ?? ValueTask.CompletedTask;
}
