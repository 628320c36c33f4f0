using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ServiceGrid.Bench.Harness;

/// <summary>One measured figure, beside its baseline (the machine's floor) and its target when the issue sets one.</summary>
public sealed record Figure(string Scenario, string Name, double Value, string Unit, double? Baseline = null, string? Target = null, bool? Met = null)
{
    public double? Ratio => Baseline is > 0 ? Value / Baseline : null;
}

/// <summary>The figures of one run: printed as a table and written as JSON to <c>bench/results</c>.</summary>
public sealed class Report(string scenario, string machine)
{
    static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    readonly List<Figure> _figures = [];
    readonly Dictionary<string, string> _notes = [];

    public IReadOnlyList<Figure> Figures => _figures;

    public Figure Add(Figure figure)
    {
        _figures.Add(figure);
        Output.Line($"  {figure.Scenario}: {figure.Name} = {Format(figure.Value)} {figure.Unit}");
        return figure;
    }

    public void Note(string key, string text) => _notes[key] = text;

    public void Print()
    {
        string[] header = ["scenario", "figure", "value", "unit", "baseline", "ratio", "target", "met?"];
        var rows = _figures.Select(f => new[]
        {
            f.Scenario, f.Name, Format(f.Value), f.Unit, f.Baseline is { } b ? Format(b) : "", f.Ratio is { } r ? r.ToString("0.000", CultureInfo.InvariantCulture) : "",
            f.Target ?? "", f.Met switch { true => "yes", false => "NO", null => "" },
        }).ToList();
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        string Line(string[] cells) => "| " + string.Join(" | ", cells.Select((c, i) => c.PadRight(widths[i]))) + " |";
        Output.Line("");
        Output.Line($"ServiceGrid bench: {scenario} on {machine}");
        Output.Line(Line(header));
        Output.Line("|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|");
        foreach (var row in rows) Output.Line(Line(row));
        foreach (var (key, text) in _notes) Output.Line($"  {key}: {text}");
    }

    public string Write(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{scenario}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json");
        var document = new
        {
            scenario,
            machine,
            at = DateTimeOffset.UtcNow,
            figures = _figures.Select(f => new { f.Scenario, f.Name, f.Value, f.Unit, f.Baseline, f.Ratio, f.Target, f.Met }),
            notes = _notes,
        };
        File.WriteAllText(path, JsonSerializer.Serialize(document, Json));
        Output.Line($"  figures written to {path}");
        return path;
    }

    static string Format(double value) => value switch
    {
        >= 100 => value.ToString("#,0", CultureInfo.InvariantCulture),
        >= 1 => value.ToString("0.0#", CultureInfo.InvariantCulture),
        _ => value.ToString("0.###", CultureInfo.InvariantCulture),
    };
}
