using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ServiceGrid.Board;
using ServiceGrid.Cases;
using ServiceGrid.Organization;
using ServiceGrid.Tests.Web;
using ServiceGrid.Web.Hosting;

namespace ServiceGrid.Tests.Board;

/// <summary>
/// A second web node that hosts no silo: it joins the first node's cluster as a client through its gateway
/// (<c>ServiceGrid:Silo=external</c>), so both nodes relay the same board streams.
/// </summary>
public sealed class ExternalWebNode(BoardWebFixture cluster) : WebApplicationFactory<Program>
{
    public int Port { get; } = WebFixture.FreePort();
    public string BaseUrl => $"http://127.0.0.1:{Port}";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ServiceGrid:Silo", "external");
        builder.UseSetting("ServiceGrid:Demo:Organization", "false");
        builder.UseSetting("ServiceGrid:Demo:Traffic", "false");
        builder.UseSetting("Orleans:GatewayPort", cluster.GatewayPort.ToString());
        builder.UseSetting("Orleans:ClusterId", cluster.ClusterId);
        builder.UseSetting("ServiceGrid:Auth:SigningKey", BoardWebFixture.SigningKey);
        builder.UseSetting("ServiceGrid:RateLimits:IntakePerUserPerMinute", "0");
        builder.UseSetting("ServiceGrid:Auth:SigningKey", BoardWebFixture.SigningKey);
    }

    public ExternalWebNode Started()
    {
        UseKestrel(Port);
        StartServer();
        // The node connects to the cluster in the background (ClusterConnection); until then its API answers 503.
        var connection = Services.GetRequiredService<ClusterConnection>();
        Assert.True(SpinWait.SpinUntil(() => connection.IsConnected, TimeSpan.FromSeconds(60)), "the external web node did not connect");
        return this;
    }
}

/// <summary>Two web nodes in one cluster: each client gets each event of its scope exactly once.</summary>
[Collection(BoardCollection.Name)]
public sealed class TwoWebNodeTests(BoardWebFixture web)
{
    [Fact]
    public async Task A_client_on_each_web_node_sees_the_same_events_once()
    {
        await using var second = new ExternalWebNode(web).Started();
        await using var onFirst = await BoardWatcher.StartAsync(web, BoardScopes.Headquarters);
        await using var onSecond = await BoardWatcher.StartAsync(web, BoardScopes.Headquarters, baseUrl: second.BaseUrl);
        // Commands go through both nodes: where a change is made does not matter to who hears of it.
        var viaFirst = web.Api();
        var secondHttp = second.CreateClient();
        secondHttp.DefaultRequestHeaders.Authorization = new("Bearer", await web.TokenAsync("hq"));
        var viaSecond = new ApiClient(secondHttp);

        var opened = await viaSecond.OpenCaseAsync(Severity.P3, region: "north");
        await viaFirst.CommandAsync(opened.Id, "claim", new { branchId = "beijing" });
        await viaSecond.CommandAsync(opened.Id, "dispatch", new { engineerId = "eng-beijing-1" });
        var other = await viaFirst.OpenCaseAsync(Severity.P2, region: "east");

        foreach (var watcher in new[] { onFirst, onSecond })
        {
            await watcher.WaitForAsync(e => e.Case?.Id == opened.Id && e.Case.State == CaseState.Dispatched);
            await watcher.WaitForAsync(e => e.Case?.Id == other.Id);
        }

        var first = onFirst.Received.Select(e => (e.Seq, e.Type, e.Case?.Id, e.Case?.Version)).ToList();
        var seconds = onSecond.Received.Select(e => (e.Seq, e.Type, e.Case?.Id, e.Case?.Version)).ToList();
        var common = first.Select(e => e.Seq).Intersect(seconds.Select(e => e.Seq)).ToHashSet();
        Assert.Equal(first.Where(e => common.Contains(e.Seq)), seconds.Where(e => common.Contains(e.Seq)));
        Assert.Contains(first, e => e.Id == opened.Id && e.Type == BoardEventTypes.CaseChanged);
        foreach (var received in new[] { first, seconds })
        {
            Assert.Equal(received.Count, received.Select(e => e.Seq).Distinct().Count());
            Assert.Single(received, e => e.Id == other.Id && e.Type == BoardEventTypes.CaseChanged);
        }
    }

    [Fact]
    public async Task A_customers_feed_carries_the_same_seq_on_every_web_node()
    {
        var customerId = $"cust-nodes-{Guid.NewGuid():N}"[..22];
        await web.Grains.GetGrain<ICustomerGrain>(customerId).Register(new CustomerView(customerId, "Two Node Works",
            [new CustomerSite("Plant", WebFixture.BeijingSite, "north")], []));
        await using var second = new ExternalWebNode(web).Started();
        await using var onFirst = await BoardWatcher.StartAsync(web, BoardScopes.Customer(customerId), user: customerId);
        await using var onSecond = await BoardWatcher.StartAsync(web, BoardScopes.Customer(customerId), user: customerId, baseUrl: second.BaseUrl);

        using var response = await web.Api().PostAsync("/api/cases", new
        {
            customerId, kind = "service", severity = "P3", channel = "portal", title = "t", description = "d", region = "north",
        });
        var opened = (await response.Content.ReadFromJsonAsync<CaseView>(ApiClient.Json))!;
        var claimed = await web.Api().CommandAsync(opened.Id, "claim", new { branchId = "beijing" });
        foreach (var watcher in new[] { onFirst, onSecond })
            await watcher.WaitForAsync(e => e.Case?.Id == opened.Id && e.Case.Version == claimed.Version);

        // Numbered once, in the cluster: a portal that reconnects to the other node goes on from the seq it holds.
        var first = onFirst.Received.Select(e => (e.Epoch, e.Seq, e.Case!.Id, e.Case.Version)).ToList();
        Assert.Equal(first, onSecond.Received.Select(e => (e.Epoch, e.Seq, e.Case!.Id, e.Case.Version)));
        Assert.Equal(first.Select((_, i) => first[0].Seq + i), first.Select(e => e.Seq));
        Assert.Equal((1, 1), (onFirst.Snapshots, onSecond.Snapshots));
    }
}
