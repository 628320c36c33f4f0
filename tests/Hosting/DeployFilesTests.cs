using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.RegularExpressions;
using ServiceGrid.Tests.Infrastructure;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace ServiceGrid.Tests.Hosting;

/// <summary>
/// docker-compose.yml and deploy/ cannot run here (no Docker engine): their syntax and their wiring to each other and to
/// the code are checked instead.
/// </summary>
public sealed partial class DeployFilesTests
{
    static readonly string Root = RepositoryRoot();

    [Fact]
    public void Every_process_of_the_compose_file_sends_its_telemetry_to_a_service_of_the_file()
    {
        var services = Map(Map(ReadYaml("docker-compose.yml"))["services"]);

        foreach (var process in new[] { "silo1", "silo2", "web" })
        {
            var environment = Map(Map(services[process])["environment"]);
            var endpoint = new Uri((string)environment["OTEL_EXPORTER_OTLP_ENDPOINT"]);
            Assert.True(services.ContainsKey(endpoint.Host), $"{process} sends OTLP to '{endpoint.Host}', which the file does not define");
            Assert.Equal("9464", environment["ServiceGrid__Telemetry__PrometheusPort"]);
        }
        var mounted = services.Values.Select(Map).Where(s => s.ContainsKey("volumes"))
            .SelectMany(s => ((List<object>)s["volumes"]).Cast<string>()).Where(v => v.StartsWith("./", StringComparison.Ordinal));
        Assert.All(mounted, volume => Assert.True(Path.Exists(Path.Combine(Root, volume.Split(':')[0])), $"{volume} mounts nothing"));
    }

    [Fact]
    public void Prometheus_scrapes_the_processes_of_the_compose_file()
    {
        var services = Map(Map(ReadYaml("docker-compose.yml"))["services"]);
        var job = Map(((List<object>)Map(ReadYaml("deploy/prometheus.yml"))["scrape_configs"]).Single());
        var targets = ((List<object>)Map(((List<object>)job["static_configs"]).Single())["targets"]).Cast<string>().ToList();

        Assert.Equal(["silo1", "silo2", "web"], targets.Select(target => target.Split(':')[0]).Order());
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, "deploy"), "*.yml", SearchOption.AllDirectories))
            Assert.NotNull(ReadYaml(Path.GetRelativePath(Root, file)));
        Assert.True(targets.All(target => services.ContainsKey(target.Split(':')[0])));
    }

    [Fact]
    public void The_Grafana_dashboard_charts_only_figures_the_code_records()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "deploy/grafana/dashboards/servicegrid.json")));
        var expressions = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(panel => panel.GetProperty("targets").EnumerateArray().Select(target => target.GetProperty("expr").GetString()!))
            .ToList();
        var metrics = TestMetrics.Create();
        var recorded = metrics.GetType().GetProperties()
            .Select(property => property.GetValue(metrics))
            .OfType<Instrument>()
            .SelectMany(PrometheusNames)
            .ToHashSet();

        var charted = expressions.SelectMany(expression => MetricName().Matches(expression).Select(match => match.Value)).Distinct().ToList();
        Assert.True(charted.Count >= 8, string.Join(", ", charted));
        Assert.All(charted, name => Assert.True(recorded.Contains(name), $"the dashboard charts {name}, which no instrument of ServiceGridMetrics records"));
    }

    /// <summary>The series the OpenTelemetry Prometheus exporter writes for an instrument.</summary>
    static IEnumerable<string> PrometheusNames(Instrument instrument)
    {
        var name = instrument.Name.Replace('.', '_') + (instrument.Unit == "s" ? "_seconds" : "");
        return instrument switch
        {
            Counter<long> => [name + "_total"],
            Histogram<double> => [name + "_bucket", name + "_count", name + "_sum"],
            _ => [name],
        };
    }

    static object ReadYaml(string relativePath)
    {
        using var reader = new StringReader(File.ReadAllText(Path.Combine(Root, relativePath)));
        // The compose file shares the ServiceGrid settings through a merge key (<<: *servicegrid).
        return new DeserializerBuilder().Build().Deserialize<object>(new MergingParser(new Parser(reader)))
            ?? throw new InvalidDataException($"{relativePath} is empty");
    }

    static Dictionary<object, object> Map(object node) => Assert.IsType<Dictionary<object, object>>(node);

    static string RepositoryRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "OrleansService.sln"))) root = root.Parent!;
        return root.FullName;
    }

    [GeneratedRegex(@"\bservicegrid_[a-z_]+")]
    private static partial Regex MetricName();
}
