using Microsoft.Extensions.Configuration;
using Npgsql;

namespace ServiceGrid.Silo.Hosting;

/// <summary>How this process joins the grid (API.md "Configuration").</summary>
public sealed record ServiceGridHostOptions(
    string? ConnectionString,
    string ClusterId,
    string ServiceId,
    int SiloPort,
    int GatewayPort,
    bool Cohosted)
{
    public const string ConnectionStringName = "ServiceGrid";

    /// <summary>Durable mode: membership, grain state and reminders in PostgreSQL.</summary>
    public bool IsDurable => !string.IsNullOrWhiteSpace(ConnectionString);

    /// <summary>
    /// The connection string of the grid's pooled connections (Orleans' providers, the query tables): Npgsql's reset on
    /// close turned off. Orleans opens a pooled connection per operation and neither it nor ServiceGrid's SQL sets
    /// session state, yet each reuse began with a <c>DISCARD ALL</c>: half of PostgreSQL's transactions per case
    /// (bench/ durable). The migrator, which holds a session-level lock, keeps <see cref="ConnectionString"/>.
    /// </summary>
    public string? PooledConnectionString => IsDurable
        ? new NpgsqlConnectionStringBuilder(ConnectionString) { NoResetOnClose = true }.ConnectionString
        : null;

    public void NameCluster(Orleans.Configuration.ClusterOptions cluster) =>
        (cluster.ClusterId, cluster.ServiceId) = (ClusterId, ServiceId);

    public static ServiceGridHostOptions From(IConfiguration configuration) => new(
        configuration.GetConnectionString(ConnectionStringName),
        configuration["Orleans:ClusterId"] ?? "servicegrid",
        configuration["Orleans:ServiceId"] ?? "servicegrid",
        Port(configuration, "Orleans:SiloPort", 11111),
        Port(configuration, "Orleans:GatewayPort", 30000),
        IsCohosted(configuration["ServiceGrid:Silo"]));

    /// <summary><c>cohosted</c>: the web process hosts a silo; <c>external</c>: it joins the cluster as a client.</summary>
    static bool IsCohosted(string? mode) => mode?.ToLowerInvariant() switch
    {
        null or "" or "cohosted" => true,
        "external" => false,
        _ => throw new InvalidOperationException($"ServiceGrid:Silo must be 'cohosted' or 'external', not '{mode}'."),
    };

    static int Port(IConfiguration configuration, string key, int fallback) => configuration[key] switch
    {
        null or "" => fallback,
        var text when int.TryParse(text, out var port) && port is > 0 and < 65536 => port,
        var text => throw new InvalidOperationException($"{key} must be a TCP port (1-65535), not '{text}'."),
    };
}
