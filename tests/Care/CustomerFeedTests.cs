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

    [Fact]
    public async Task A_customers_feed_has_its_own_gapless_seq_from_its_snapshot_and_never_another_customers_case()
    {
        var own = await CustomerAsync();
        var other = await CustomerAsync();
        await using var feed = await BoardWatcher.StartAsync(web, BoardScopes.Customer(own), user: own);
        var start = await web.Api(own).GetAsync<BoardSnapshot>($"/api/board?scope={BoardScopes.Customer(own)}");
        Assert.Empty(start.Cases);

        // Interleaved with another customer's cases, which take hq seqs between this customer's.
        var first = await OpenAsync(own);
        await OpenAsync(other);
        var second = await OpenAsync(own);
        var foreign = await OpenAsync(other);
        await _hq.CommandAsync(foreign.Id, "claim", new { branchId = "beijing" });
        await _hq.CommandAsync(first.Id, "claim", new { branchId = "beijing" });
        var last = await _hq.CommandAsync(second.Id, "claim", new { branchId = "beijing" });
        await feed.WaitForAsync(e => e.Case?.Id == second.Id && e.Case.Version == last.Version);

        var events = feed.Received;
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => start.Version + i), events.Select(e => e.Seq));
        Assert.All(events, e => Assert.Equal((start.Epoch, own), (e.Epoch, e.Case!.CustomerId)));
        Assert.Equal([first.Id, second.Id], events.Select(e => e.Case!.Id).Distinct().Order());
        Assert.Equal(1, feed.Snapshots);
        var now = await web.Api(own).GetAsync<BoardSnapshot>($"/api/board?scope={BoardScopes.Customer(own)}");
        Assert.Equal((start.Epoch, events[^1].Seq), (now.Epoch, now.Version));
        Assert.Equal([first.Id, second.Id], now.Cases.Select(c => c.Id).Order());
        Assert.All(now.Cases, row => Assert.Equal(CaseState.Claimed, row.State));
    }

    [Fact]
    public async Task A_customer_takes_the_snapshot_of_their_own_feed_only()
    {
        var own = await CustomerAsync();
        var other = await CustomerAsync();

        using var foreign = await web.Api(own).Http.GetAsync($"/api/board?scope={BoardScopes.Customer(other)}");
        using var board = await web.Api(own).Http.GetAsync($"/api/board?scope={BoardScopes.Headquarters}");
        var staff = await web.Api("csc").GetAsync<BoardSnapshot>($"/api/board?scope={BoardScopes.Customer(own)}");

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, board.StatusCode);
        Assert.Equal(BoardScopes.Customer(own), staff.Scope);
        await ApiClient.ProblemAsync(await web.Api("csc").Http.GetAsync($"/api/board?scope={BoardScopes.Customer("cust-nobody-0")}"), System.Net.HttpStatusCode.NotFound);
        await ApiClient.ProblemAsync(await web.Api("csc").Http.GetAsync("/api/board?scope=customer:..%2Fx"), System.Net.HttpStatusCode.BadRequest);
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
