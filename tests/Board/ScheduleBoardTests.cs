using System.Net;
using System.Net.Http.Json;
using ServiceGrid.Board;
using ServiceGrid.Cases;
using ServiceGrid.Schedule;
using ServiceGrid.Tests.Web;

namespace ServiceGrid.Tests.Board;

/// <summary>Issue 18: every schedule change reaches the region's boards (hq and its branches) as <c>scheduleChanged</c>, through a real SignalR client.</summary>
[Collection(BoardCollection.Name)]
public sealed class ScheduleBoardTests(BoardWebFixture web)
{
    [Fact]
    public async Task A_booked_and_planned_visit_reaches_hq_and_the_regions_branches_as_scheduleChanged_with_a_rising_version()
    {
        await using var hq = await BoardWatcher.StartAsync(web, BoardScopes.Headquarters);
        await using var tianjin = await BoardWatcher.StartAsync(web, BoardScopes.Branch("tianjin"));
        var api = web.Api();
        var opened = await api.OpenCaseAsync(Severity.P3, region: "north");
        var start = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(2)).AddHours(1);
        using var booked = await api.PostAsync($"/api/cases/{opened.Id}/visits", new { windowStart = start, windowEnd = start.AddHours(8), durationMinutes = 60, requiredSkill = (string?)null });
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        var visit = (await booked.Content.ReadFromJsonAsync<VisitView>(ApiClient.Json))!;
        using var cancelled = await api.PostAsync($"/api/cases/{opened.Id}/visits/{visit.Id}/cancel", new { reason = "customer called off" });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);

        foreach (var watcher in new[] { hq, tianjin })
        {
            var first = await watcher.WaitForAsync(e => e.Type == BoardEventTypes.ScheduleChanged && e.Schedule!.VisitIds.Contains(visit.Id));
            var second = await watcher.WaitForAsync(e => e.Type == BoardEventTypes.ScheduleChanged && e.Schedule!.VisitIds.Contains(visit.Id) && e.Seq > first.Seq);
            Assert.Equal("north", first.Schedule!.Region);
            Assert.True(second.Schedule!.Version > first.Schedule.Version);
        }
    }
}
