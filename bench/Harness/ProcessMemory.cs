namespace ServiceGrid.Bench.Harness;

/// <summary>Resident memory as the kernel counts it (<c>/proc/{pid}/status</c>, VmRSS), so child processes can be measured too.</summary>
public static class ProcessMemory
{
    public static long ResidentBytes(int processId)
    {
        var path = $"/proc/{processId}/status";
        if (!File.Exists(path)) return Environment.ProcessId == processId ? Environment.WorkingSet : 0;
        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }

    public static double Mib(long bytes) => bytes / (1024.0 * 1024.0);
}
