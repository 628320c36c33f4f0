using System.Reflection;
using System.Text.RegularExpressions;

namespace ServiceGrid.Silo.Persistence;

/// <summary>One schema step, embedded as <c>Persistence/Migrations/NNNN_name.sql</c>; applied once, in version order.</summary>
public sealed partial record Migration(int Version, string Name, string Sql)
{
    const string Prefix = "migrations/";

    /// <summary>Every migration shipped in this assembly, by version.</summary>
    public static IReadOnlyList<Migration> All { get; } = Load();

    static Migration[] Load()
    {
        var assembly = typeof(Migration).Assembly;
        var migrations = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(Prefix, StringComparison.Ordinal))
            .Select(name => Read(assembly, name))
            .OrderBy(migration => migration.Version)
            .ToArray();
        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"Two migrations have version {duplicate.Key}: {string.Join(", ", duplicate.Select(m => m.Name))}.");
        return migrations;
    }

    static Migration Read(Assembly assembly, string resource)
    {
        var match = FileName().Match(resource[Prefix.Length..]);
        if (!match.Success)
            throw new InvalidOperationException($"Migration '{resource}' must be named NNNN_name.sql.");
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return new Migration(int.Parse(match.Groups["version"].Value), match.Groups["name"].Value, reader.ReadToEnd());
    }

    [GeneratedRegex(@"^(?<version>\d{4})_(?<name>[a-z0-9_]+)\.sql$")]
    private static partial Regex FileName();
}
