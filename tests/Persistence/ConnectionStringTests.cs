using Microsoft.Extensions.Configuration;
using Npgsql;
using ServiceGrid.Silo.Hosting;

namespace ServiceGrid.Tests.Persistence;

/// <summary>The grid's pooled connections skip Npgsql's reset on close; the operator's other settings stay as given.</summary>
public sealed class ConnectionStringTests
{
    static ServiceGridHostOptions Host(string? connectionString) => ServiceGridHostOptions.From(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:ServiceGrid"] = connectionString })
        .Build());

    [Fact]
    public void Pooled_connections_keep_the_operators_settings_and_turn_off_the_reset_on_close()
    {
        var host = Host("Host=db.internal;Port=5433;Database=grid;Username=svc;Password=secret;Maximum Pool Size=40");

        var pooled = new NpgsqlConnectionStringBuilder(host.PooledConnectionString);

        Assert.True(pooled.NoResetOnClose);
        Assert.Equal(("db.internal", 5433, "grid", "svc", "secret", 40),
            (pooled.Host, pooled.Port, pooled.Database, pooled.Username, pooled.Password, pooled.MaxPoolSize));
        Assert.False(new NpgsqlConnectionStringBuilder(host.ConnectionString).NoResetOnClose);
    }

    [Fact]
    public void Embedded_mode_has_no_pooled_connection_string()
    {
        Assert.Null(Host(null).PooledConnectionString);
    }
}
