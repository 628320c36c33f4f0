using Microsoft.Extensions.DependencyInjection;
using ServiceGrid.Board;
using ServiceGrid.Telemetry;
using ServiceGrid.Tests.Board;

namespace ServiceGrid.Tests.Telemetry;

/// <summary>The create-to-board latency as a web node records it: once per new case, however many scopes it reaches.</summary>
[Collection(BoardCollection.Name)]
public sealed class CreateToBoardTests(BoardWebFixture web)
{
    const string Instrument = "servicegrid.board.create_to_board";

    [Fact]
    public async Task A_case_that_reaches_hq_and_its_branch_is_sampled_once()
    {
        await using var hq = await BoardWatcher.StartAsync(web, BoardScopes.Headquarters);
        await using var branch = await BoardWatcher.StartAsync(web, BoardScopes.Branch("beijing"));
        using var measured = new ServiceGridMetricsTests.Measurements(web.Services.GetRequiredService<ServiceGridMetrics>().Meter);

        var opened = await web.Api().OpenCaseAsync(region: "north");
        await branch.WaitForAsync(e => e.Case?.Id == opened.Id);
        await hq.WaitForAsync(e => e.Case?.Id == opened.Id);
        // This node's pump hands over one batch at a time, each event sampled as it goes: once a later change of the case
        // reaches hq, every batch of its opening (the branch's too) has been handed over and sampled.
        var noted = await web.Api().CommandAsync(opened.Id, "notes", new { note = "fence" });
        await hq.WaitForAsync(e => e.Case?.Id == opened.Id && e.Case.Version >= noted.Version);

        Assert.Single(measured.Values(Instrument));
    }
}
