using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace ServiceGrid.Web.Hosting;

/// <summary>Durable mode: ready only while PostgreSQL answers (API.md "Health"), within a few seconds.</summary>
public sealed class PostgresHealthCheck(string connectionString) : IHealthCheck
{
    const int TimeoutSeconds = 3;

    // Its own pool with short timeouts, so that a dead server fails the probe quickly instead of after 15-30 s.
    readonly string _connectionString = new NpgsqlConnectionStringBuilder(connectionString)
    {
        Timeout = TimeoutSeconds,
        CommandTimeout = TimeoutSeconds,
    }.ConnectionString;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = new NpgsqlConnection(_connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL does not answer.", exception);
        }
    }
}
