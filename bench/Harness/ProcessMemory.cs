namespace ServiceGrid.Bench.Harness;

/// <summary>
/// What the kernel counts for a process (<c>/proc/{pid}</c>): resident memory (VmRSS) and CPU time (utime + stime), so the
/// child server can be measured from the bench. On a shared machine, CPU per request is the figure others cannot skew.
/// </summary>
public static class ProcessMemory
{
    /// <summary>Linux reports CPU time in clock ticks of 1/100 s (USER_HZ) on every mainstream distribution.</summary>
    const double TicksPerSecond = 100;

    public static long ResidentBytes(int processId)
    {
        var path = $"/proc/{processId}/status";
        if (!File.Exists(path)) return Environment.ProcessId == processId ? Environment.WorkingSet : 0;
        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }

    /// <summary>User and system CPU time the process has used so far.</summary>
    public static TimeSpan CpuTime(int processId)
    {
        var path = $"/proc/{processId}/stat";
        if (!File.Exists(path)) return TimeSpan.Zero;
        // Fields after the command name (which may contain spaces, hence the last ')'): utime and stime are 14 and 15.
        var text = File.ReadAllText(path);
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return TimeSpan.FromSeconds((long.Parse(fields[11]) + long.Parse(fields[12])) / TicksPerSecond);
    }

    public static double Mib(long bytes) => bytes / (1024.0 * 1024.0);
}
