using System.Net.Http.Json;
using ServiceGrid.Cases;
using ServiceGrid.Events;

namespace ServiceGrid.Tests.Web;

/// <summary>The web process with P4 targets of a few seconds, as load tests and demos configure them.</summary>
public sealed class ShortSlaWebFixture : WebFixture
{
    public static readonly TimeSpan ResponseTarget = TimeSpan.FromSeconds(2);

    public ShortSlaWebFixture()
    {
        Settings["ServiceGrid:Sla:P4:Response"] = ResponseTarget.ToString();
        Settings["ServiceGrid:Sla:P4:Onsite"] = "";
        Settings["ServiceGrid:Sla:P4:Resolution"] = "00:00:30";
    }
}

/// <summary>Real time, real timers: a deadline of seconds fires within about a second of its due time.</summary>
public sealed class SlaDeadlineTests(ShortSlaWebFixture web) : IClassFixture<ShortSlaWebFixture>
{
    readonly ApiClient _api = web.Api();

    [Fact]
    public async Task A_response_target_of_seconds_is_breached_on_time_escalated_once_and_alerted()
    {
        var opened = await _api.OpenCaseAsync(Severity.P4, region: "north");
        Assert.Equal(MilestoneStatus.NotApplicable, opened.Sla.Onsite.Status);
        Assert.Equal(opened.OpenedAt + ShortSlaWebFixture.ResponseTarget, opened.Sla.Response.DueAt);

        var breached = await _api.EventuallyAsync<CaseView>($"/api/cases/{opened.Id}",
            c => c.Sla.Response.Status == MilestoneStatus.Breached, within: ShortSlaWebFixture.ResponseTarget + TimeSpan.FromSeconds(2));

        var breach = Assert.Single(breached.Timeline, e => e.Type == "slaBreached");
        Assert.InRange(breach.At - opened.Sla.Response.DueAt!.Value, TimeSpan.Zero, TimeSpan.FromSeconds(1.5));
        Assert.Single(breached.Timeline, e => e.Type == "slaAtRisk");
        Assert.Equal(Tiers.Headquarters, breached.Tier);
        var alerts = await _api.EventuallyAsync<Alert[]>("/api/alerts", list => list.Any(a => a.CaseId == opened.Id && a.Type == AlertType.SlaBreached));
        Assert.Single(alerts, a => a.CaseId == opened.Id && a.Type == AlertType.SlaBreached);

        // A command first records every deadline that has passed: had the timer and the reminder both recorded the
        // breach, or were one still to come, it would stand between the breach and the pause.
        var paused = await _api.CommandAsync(opened.Id, "pause", new { reason = "Waiting for the customer" });
        Assert.Equal(breached.Version + 1, paused.Version);
        Assert.Single(paused.Timeline, e => e.Type == "slaBreached");
    }

    [Fact]
    public async Task Responding_in_time_meets_the_milestone_and_nothing_breaches_later()
    {
        var opened = await _api.OpenCaseAsync(Severity.P4, region: "east");
        await _api.CommandAsync(opened.Id, "claim", new { branchId = "shanghai" });
        await _api.CommandAsync(opened.Id, "dispatch", new { engineerId = "eng-shanghai-2" });
        var responded = await _api.CommandAsync(opened.Id, "respond", new { note = "Calling now" });

        // Past the response's due time, a command first records every deadline that has passed: none stands between the
        // response and the pause.
        var untilPastDue = responded.Sla.Response.DueAt!.Value - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(100);
        if (untilPastDue > TimeSpan.Zero) await Task.Delay(untilPastDue);
        var paused = await _api.CommandAsync(opened.Id, "pause", new { reason = "Waiting for the customer" });

        Assert.Equal(MilestoneStatus.Met, paused.Sla.Response.Status);
        Assert.DoesNotContain(paused.Timeline, e => e.Type == "slaBreached");
        Assert.Equal(responded.Version + 1, paused.Version);
    }
}
