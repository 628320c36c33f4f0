using System.Collections.Concurrent;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using ServiceGrid.Board;
using ServiceGrid.Cases;
using ServiceGrid.Organization;
using ServiceGrid.Tests.Board;
using ServiceGrid.Tests.Infrastructure;
using ServiceGrid.Tests.Web;
using ServiceGrid.Web.Hosting;

namespace ServiceGrid.Tests.Care;

/// <summary>A customer's own feed on the board hub (<c>customer:{id}</c>): their cases' changes and nobody else's.</summary>
[Collection(BoardCollection.Name)]
public sealed class CustomerFeedTests(BoardWebFixture web)
{
    readonly ApiClient _hq = web.Api();

    async Task<string> CustomerAsync()
    {
        var customerId = $"cust-feed-{Guid.NewGuid():N}"[..22];
        await web.Grains.GetGrain<ICustomerGrain>(customerId).Register(new CustomerView(customerId, "Feed Works",
            [new CustomerSite("Plant", WebFixture.BeijingSite, "north")], []));
        return customerId;
    }

    async Task<HubConnection> ConnectAsync(string user, ConcurrentQueue<BoardEvent>? received = null)
    {
        var token = await web.TokenAsync(user);
        var hub = new HubConnectionBuilder()
            .WithUrl($"{web.BaseUrl}/hubs/board", options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .AddJsonProtocol(json => ServiceGridWebExtensions.ConfigureContract(json.PayloadSerializerOptions))
            .Build();
        if (received is not null) hub.On<BoardEvent>("boardEvent", received.Enqueue);
        await hub.StartAsync();
        return hub;
    }

    async Task<CaseView> OpenAsync(string customerId)
    {
        using var response = await _hq.PostAsync("/api/cases", new
        {
            customerId, kind = "service", severity = "P3", channel = "portal", title = "t", description = "d", region = "north",
        });
        return (await response.Content.ReadFromJsonAsync<CaseView>(ApiClient.Json))!;
    }

    [Fact]
    public async Task A_customer_receives_the_changes_of_their_own_cases_and_not_another_customers()
    {
        var own = await CustomerAsync();
        var other = await CustomerAsync();
        var received = new ConcurrentQueue<BoardEvent>();
        await using var hub = await ConnectAsync(own, received);
        await hub.InvokeAsync("Subscribe", BoardScopes.Customer(own));

        var foreign = await OpenAsync(other);
        var mine = await OpenAsync(own);
        await _hq.CommandAsync(mine.Id, "claim", new { branchId = "beijing" });

        var claimed = await Eventually.Until(() => Task.FromResult(received.Any(e => e.Case?.Id == mine.Id && e.Case.State == CaseState.Claimed)), seen => seen);
        Assert.True(claimed, "the customer's feed never brought their claimed case");
        Assert.All(received, e => Assert.Equal(own, e.Case?.CustomerId));
        Assert.DoesNotContain(received, e => e.Case?.Id == foreign.Id);
        Assert.All(received, e => Assert.Equal(BoardEventTypes.CaseChanged, e.Type));
    }

    [Theory]
    [InlineData("customer", "other customer")]
    [InlineData("customer", "hq")]
    [InlineData("customer", "branch:beijing")]
    [InlineData("branch-beijing", "own customer")]
    [InlineData("eng-beijing-1", "own customer")]
    public async Task Nobody_but_the_customer_and_staff_may_watch_a_customers_feed_and_a_customer_watches_no_board(string user, string scope)
    {
        var own = await CustomerAsync();
        var other = await CustomerAsync();
        await using var hub = await ConnectAsync(user == "customer" ? own : user);
        var target = scope switch
        {
            "other customer" => BoardScopes.Customer(other),
            "own customer" => BoardScopes.Customer(own),
            _ => scope,
        };

        var refused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("Subscribe", target));

        Assert.Contains("may not watch", refused.Message);
    }

    [Theory]
    [InlineData("hq")]
    [InlineData("csc")]
    public async Task Staff_may_watch_a_customers_feed(string user)
    {
        var customerId = await CustomerAsync();
        await using var hub = await ConnectAsync(user);

        await hub.InvokeAsync("Subscribe", BoardScopes.Customer(customerId));

        Assert.Equal(HubConnectionState.Connected, hub.State);
    }
}
