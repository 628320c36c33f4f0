using System.Net;
using ServiceGrid.Board;
using ServiceGrid.Tests.Web;

namespace ServiceGrid.Tests.Board;

/// <summary>A storm of location pings reaches boards coalesced to the latest position per engineer.</summary>
[Collection(BoardCollection.Name)]
public sealed class EngineerCoalescingTests(BoardWebFixture web)
{
    [Fact]
    public async Task A_storm_of_location_pings_reaches_the_board_as_fewer_moves_ending_at_the_latest_position()
    {
        const int Pings = 40;
        var api = web.Api();
        await using var tianjin = await BoardWatcher.StartAsync(web, BoardScopes.Branch("tianjin"));

        for (var n = 1; n <= Pings; n++)
        {
            using var response = await api.PostAsync("/api/engineers/eng-tianjin-2/location", new { lat = 39.0 + n / 1000.0, lon = 117.2 });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var last = await tianjin.WaitForAsync(e => e.Engineer is { Id: "eng-tianjin-2", Location.Lat: 39.0 + Pings / 1000.0 });
        var moves = tianjin.Received.Where(e => e.Type == BoardEventTypes.EngineerMoved && e.Engineer!.Id == "eng-tianjin-2").ToList();
        Assert.InRange(moves.Count, 1, Pings - 1);
        Assert.Same(last, moves[^1]);
        Assert.Equal(moves.Select(e => e.Engineer!.Version).Order(), moves.Select(e => e.Engineer!.Version));
    }
}
