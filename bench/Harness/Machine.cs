namespace ServiceGrid.Bench.Harness;

/// <summary>A one-line description of the machine the figures come from.</summary>
public static class Machine
{
    public static string Describe()
    {
        var model = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return $"{Environment.ProcessorCount} cores ({model ?? "unknown CPU"}), {memory:0} GB, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}";
    }
}
