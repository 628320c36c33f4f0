namespace ServiceGrid.Bench.Harness;

/// <summary>Where the repository and the built web live, seen from the bench's own output folder (bin/{Configuration}/net10.0).</summary>
public static class Paths
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static string WebAssembly => Path.Combine(RepositoryRoot, "web", "bin", Configuration, "net10.0", "ServiceGrid.Web.dll");

    public static string Results => Path.Combine(RepositoryRoot, "bench", "results");

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "OrleansService.sln"))) return dir.FullName;
        throw new InvalidOperationException("Run the bench from its build output inside the repository (OrleansService.sln not found above it).");
    }
}
