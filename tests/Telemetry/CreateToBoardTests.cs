using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using ServiceGrid.Board;
using ServiceGrid.Telemetry;
using ServiceGrid.Tests.Board;
using ServiceGrid.Tests.Infrastructure;
using ServiceGrid.Web.Hosting;

namespace ServiceGrid.Tests.Telemetry;

/// <summary>The create-to-board latency as a web node records it: once per new case, however many scopes it reaches.</summary>
[Collection(BoardCollection.Name)]
public sealed class CreateToBoardTests(BoardWebFixture web)
{
    const string Instrument = "servicegrid.board.create_to_board";

    async Task<HubConnection> WatchAsync(string scope, ConcurrentQueue<BoardEvent> received)
    {
        var token = await web.TokenAsync("hq");
        var hub = new HubConnectionBuilder()
            .WithUrl($"{web.BaseUrl}/hubs/board", options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .AddJsonProtocol(json => ServiceGridWebExtensions.ConfigureContract(json.PayloadSerializerOptions))
            .Build();
        hub.On<BoardEvent>("boardEvent", received.Enqueue);
        await hub.StartAsync();
        await hub.InvokeAsync("Subscribe", scope);
        return hub;
    }

    [Fact]
    public async Task A_case_that_reaches_hq_and_its_branch_is_sampled_once()
    {
        var hqEvents = new ConcurrentQueue<BoardEvent>();
        var branchEvents = new ConcurrentQueue<BoardEvent>();
        await using var hq = await WatchAsync(BoardScopes.Headquarters, hqEvents);
        await using var branch = await WatchAsync(BoardScopes.Branch("beijing"), branchEvents);
        using var measured = new ServiceGridMetricsTests.Measurements(web.Services.GetRequiredService<ServiceGridMetrics>().Meter);

        var opened = await web.Api().OpenCaseAsync(region: "north");
        await Eventually.Until(() => Task.FromResult(branchEvents.Any(e => e.Case?.Id == opened.Id) && hqEvents.Any(e => e.Case?.Id == opened.Id)), seen => seen);
        // This node's pump hands over one batch at a time, each event sampled as it goes: once a later change of the case
        // reaches hq, every batch of its opening (the branch's too) has been handed over and sampled.
        var noted = await web.Api().CommandAsync(opened.Id, "notes", new { note = "fence" });
        await Eventually.Until(() => Task.FromResult(hqEvents.Any(e => e.Case?.Id == opened.Id && e.Case.Version >= noted.Version)), seen => seen);

        Assert.Single(measured.Values(Instrument));
    }
}
