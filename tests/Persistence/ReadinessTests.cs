using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ServiceGrid.Silo.Hosting;
using ServiceGrid.Tests.Infrastructure;
using ServiceGrid.Tests.Web;

namespace ServiceGrid.Tests.Persistence;

/// <summary>API.md "Health": in durable mode the web process is ready only while PostgreSQL answers.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ReadinessTests(PostgresServer server)
{
    [Fact]
    public async Task Ready_fails_while_PostgreSQL_is_down_and_recovers_when_it_is_back()
    {
        var database = await server.CreateDatabaseAsync("web_readiness");
        await using var web = new WebFixture();
        web.Settings[$"ConnectionStrings:{ServiceGridHostOptions.ConnectionStringName}"] = database;
        // Durable mode refuses to start without a token signing key (no demo users there).
        web.Settings["ServiceGrid:Auth:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await ((IAsyncLifetime)web).InitializeAsync();
        var client = web.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        await server.StopAsync();
        try
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
            var report = await web.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
            Assert.Equal(HealthStatus.Unhealthy, report.Entries["postgres"].Status);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        }
        finally
        {
            await server.StartAsync();
        }

        Assert.True(await Database.EventuallyAsync(
            async () => (await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Embedded_mode_has_no_PostgreSQL_check()
    {
        await using var web = new WebFixture();
        await ((IAsyncLifetime)web).InitializeAsync();

        var report = await web.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.DoesNotContain("postgres", report.Entries.Keys);
    }
}
