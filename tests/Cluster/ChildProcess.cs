using System.Collections.Concurrent;
using System.Diagnostics;

namespace ServiceGrid.Tests.Cluster;

/// <summary>
/// A ServiceGrid process (<c>dotnet ServiceGrid.Silo.dll</c> or <c>ServiceGrid.Web.dll</c>) from the build output of the
/// projects the tests reference, with its own environment. Its output is kept for failure messages. Every process still
/// running is killed on dispose and, should the test host exit without disposing, when it exits: no orphans.
/// </summary>
sealed class ChildProcess : IAsyncDisposable
{
    static readonly ConcurrentDictionary<int, Process> Running = new();

    static ChildProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var process in Running.Values) TryKill(process);
    };

    readonly Process _process;
    readonly ConcurrentQueue<string> _output = new();

    ChildProcess(string name, Process process) => (Name, _process) = (name, process);

    public string Name { get; }
    public bool HasExited => _process.HasExited;

    /// <summary>Starts <paramref name="assembly"/> (e.g. <c>ServiceGrid.Silo</c>) in its project's output folder.</summary>
    public static ChildProcess Start(string name, string project, string assembly, IReadOnlyDictionary<string, string> environment)
    {
        var folder = OutputFolder(project);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(folder, $"{assembly}.dll"));
        // Nothing of the test host's own configuration leaks in; only what the test gives.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ServiceGrid__", StringComparison.Ordinal)
                     || k.StartsWith("Orleans__", StringComparison.Ordinal) || k.StartsWith("ConnectionStrings__", StringComparison.Ordinal)
                     || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(key);
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in environment) start.Environment[key] = value;

        var process = new Process { StartInfo = start };
        var child = new ChildProcess(name, process);
        // SERVICEGRID_TEST_LOGS=<folder> keeps every process's output in a file there, for a failure that needs more than the tail.
        var log = System.Environment.GetEnvironmentVariable("SERVICEGRID_TEST_LOGS") is { Length: > 0 } logs
            ? TextWriter.Synchronized(new StreamWriter(Path.Combine(Directory.CreateDirectory(logs).FullName, $"{DateTime.UtcNow:HHmmss}-{name}.log")) { AutoFlush = true })
            : null;
        process.OutputDataReceived += (_, e) => child.Keep(e.Data, log);
        process.ErrorDataReceived += (_, e) => child.Keep(e.Data, log);
        process.Start();
        Running[process.Id] = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    public IEnumerable<string> Output => _output;

    void Keep(string? line, TextWriter? log)
    {
        if (line is null) return;
        _output.Enqueue(line);
        log?.WriteLine(line);
    }

    /// <summary>The last lines of output, for assertion messages.</summary>
    public string Tail(int lines = 40) => $"--- {Name}{(HasExited ? $" (exited {_process.ExitCode})" : "")}:\n" + string.Join('\n', _output.TakeLast(lines));

    /// <summary><c>kill -9</c>: no shutdown of any kind.</summary>
    public async Task KillAsync()
    {
        TryKill(_process);
        await _process.WaitForExitAsync();
        Running.TryRemove(_process.Id, out _);
    }

    /// <summary><c>kill -STOP</c>: the process is frozen, yet its listening sockets still accept connections (the kernel's backlog).</summary>
    public async Task FreezeAsync()
    {
        using var stop = Process.Start("kill", ["-STOP", _process.Id.ToString()])!;
        await stop.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as an orchestrator stops a container; killed if it has not exited within the timeout.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString()])!) await term.WaitForExitAsync();
            using var wait = new CancellationTokenSource(timeout);
            try { await _process.WaitForExitAsync(wait.Token); }
            catch (OperationCanceledException) { TryKill(_process); }
        }
        await KillAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    static void TryKill(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }
    }

    /// <summary>
    /// The build output of <paramref name="project"/> (e.g. <c>silo</c>) in the configuration and framework of this
    /// test assembly: building the tests builds it, as a project reference.
    /// </summary>
    static string OutputFolder(string project)
    {
        var tests = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = tests.Name;
        var configuration = tests.Parent!.Name;
        var root = tests;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "OrleansService.sln"))) root = root.Parent;
        if (root is null) throw new InvalidOperationException($"No OrleansService.sln above {AppContext.BaseDirectory}.");
        var folder = Path.Combine(root.FullName, project, "bin", configuration, framework);
        return Directory.Exists(folder) ? folder : throw new InvalidOperationException($"'{folder}' does not exist: build the solution first.");
    }
}
