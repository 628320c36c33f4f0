using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ServiceGrid.Tests.Infrastructure;

namespace ServiceGrid.Tests.Cluster;

/// <summary>Orleans' dashboard served by a web node that hosts no silo (<c>external</c>): the figures come from the silos.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DashboardClusterTests(PostgresServer server)
{
    [Fact]
    public async Task The_web_client_node_serves_the_silos_dashboard_to_HQ()
    {
        await using var grid = await Grid.CreateAsync(server, "cluster_dashboard");
        await grid.StartSiloAsync();
        await grid.StartWebAsync();
        using var http = grid.Http();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await grid.TokenAsync("hq"));

        using var page = await http.GetAsync("/dashboard/");
        using var counters = await http.GetAsync("/dashboard/DashboardCounters");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, counters.StatusCode);
        var hosts = JsonNode.Parse(await counters.Content.ReadAsStringAsync())!["hosts"]!.AsArray();
        Assert.Single(hosts, host => host!["status"]!.GetValue<string>() == "Active");
    }
}
