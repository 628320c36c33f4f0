using Microsoft.AspNetCore.SignalR.Client;
using System.Net;
using ServiceGrid.Board;
using ServiceGrid.Cases;
using ServiceGrid.Tests.Web;

namespace ServiceGrid.Tests.Board;

/// <summary>The live board through a real SignalR client: scopes, seqs, gaps and SLA events.</summary>
[Collection(BoardCollection.Name)]
public sealed class BoardHubTests(BoardWebFixture web)
{
    readonly ApiClient _api = web.Api();

    [Fact]
    public async Task A_new_case_reaches_hq_and_its_branch_with_consecutive_seq_but_not_another_region()
    {
        await using var hq = await BoardWatcher.StartAsync(web, BoardScopes.Headquarters);
        await using var beijing = await BoardWatcher.StartAsync(web, BoardScopes.Branch("beijing"));
        await using var shanghai = await BoardWatcher.StartAsync(web, BoardScopes.Branch("shanghai"));

        var opened = await _api.OpenCaseAsync(Severity.P3, region: "north");
        var second = await _api.OpenCaseAsync(Severity.P2, region: "north");

        foreach (var watcher in new[] { hq, beijing })
        {
            var first = await watcher.WaitForAsync(e => e.Type == BoardEventTypes.CaseChanged && e.Case!.Id == opened.Id);
            var next = await watcher.WaitForAsync(e => e.Type == BoardEventTypes.CaseChanged && e.Case!.Id == second.Id);
            Assert.Equal(Severity.P3, first.Case!.Severity);
            Assert.Equal("north", first.Case.Region);
            Assert.NotNull(first.Case.NextDueAt);
            Assert.True(next.Seq > first.Seq);
            var seqs = watcher.Received.Select(e => e.Seq).ToList();
            Assert.Equal(Enumerable.Range((int)seqs[0], seqs.Count).Select(n => (long)n), seqs);
            Assert.NotNull(watcher.Case(opened.Id));
        }
        // A case opened later in shanghai's own region has reached its board: north's cases, routed when they reached hq
        // and beijing, would have been there by then.
        var east = await _api.OpenCaseAsync(Severity.P3, region: "east");
        await shanghai.WaitForAsync(e => e.Case?.Id == east.Id);
        Assert.DoesNotContain(shanghai.Received, e => e.Case?.Id == opened.Id || e.Case?.Id == second.Id);
    }

    [Fact]
    public async Task A_client_that_sees_a_gap_takes_a_snapshot_that_contains_the_case()
    {
        await using var beijing = await BoardWatcher.StartAsync(web, BoardScopes.Branch("beijing"));
        beijing.LoseNext = 1;

        var lost = await _api.OpenCaseAsync(Severity.P3, region: "north");
        await beijing.WaitForAsync(e => e.Case?.Id == lost.Id);
        Assert.Null(beijing.Case(lost.Id));

        var next = await _api.OpenCaseAsync(Severity.P3, region: "north");
        await beijing.WaitForAsync(e => e.Case?.Id == next.Id);
        await Eventually(() => beijing.Case(lost.Id) is not null && beijing.Case(next.Id) is not null);
        Assert.Equal(2, beijing.Snapshots);
    }

    [Fact]
    public async Task A_breached_target_of_seconds_produces_slaChanged_and_escalated()
    {
        await using var hq = await BoardWatcher.StartAsync(web, BoardScopes.Headquarters);

        var opened = await _api.OpenCaseAsync(Severity.P4, region: "east");

        var within = BoardWebFixture.ResponseTarget + TimeSpan.FromSeconds(3);
        var breached = await hq.WaitForAsync(e => e.Type == BoardEventTypes.SlaChanged && e.Case!.Id == opened.Id && e.Status == MilestoneStatus.Breached, within);
        var escalated = await hq.WaitForAsync(e => e.Type == BoardEventTypes.Escalated && e.Case!.Id == opened.Id, within);
        Assert.Equal(Milestone.Response, breached.Milestone);
        Assert.Equal(Tiers.Headquarters, escalated.Tier);
        Assert.Equal(Tiers.Headquarters, escalated.Case!.Tier);
        await hq.WaitForAsync(e => e.Type == BoardEventTypes.Alert && e.Alert!.CaseId == opened.Id, within);
    }

    [Fact]
    public async Task The_snapshot_refuses_a_malformed_scope_and_an_unknown_branch()
    {
        await ApiClient.ProblemAsync(await _api.Http.GetAsync("/api/board?scope=everything"), HttpStatusCode.BadRequest);
        await ApiClient.ProblemAsync(await _api.Http.GetAsync("/api/board"), HttpStatusCode.BadRequest);
        await ApiClient.ProblemAsync(await _api.Http.GetAsync("/api/board?scope=branch:atlantis"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_anonymous_or_forged_connection_to_the_hub_is_refused()
    {
        foreach (var token in new[] { null, "not-a-token" })
        {
            await using var hub = new HubConnectionBuilder()
                .WithUrl($"{web.BaseUrl}/hubs/board", options => options.AccessTokenProvider = () => Task.FromResult(token))
                .Build();

            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync());

            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
    }

    [Fact]
    public async Task A_branch_may_watch_its_own_board_and_no_other()
    {
        await using var own = await BoardWatcher.StartAsync(web, BoardScopes.Branch("beijing"), "branch-beijing");
        await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() =>
            BoardWatcher.StartAsync(web, BoardScopes.Branch("tianjin"), "branch-beijing"));
        await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() =>
            BoardWatcher.StartAsync(web, BoardScopes.Headquarters, "branch-beijing"));
        await ApiClient.ProblemAsync(await web.Api("branch-beijing").Http.GetAsync("/api/board?scope=branch:tianjin"), HttpStatusCode.Forbidden);
        await ApiClient.ProblemAsync(await web.Api("eng-beijing-1").Http.GetAsync("/api/board?scope=branch:beijing"), HttpStatusCode.Forbidden);
    }

    static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("The condition never held.");
            await Task.Delay(20);
        }
    }
}
