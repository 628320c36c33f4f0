using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ServiceGrid.Board;
using ServiceGrid.Cases;
using ServiceGrid.Events;
using ServiceGrid.Grains;
using ServiceGrid.Organization;
using ServiceGrid.Tests.Board;
using ServiceGrid.Tests.Infrastructure;
using ServiceGrid.Tests.Web;
using ServiceGrid.Web.Api;
using static ServiceGrid.Tests.Persistence.Database;

namespace ServiceGrid.Tests.Cluster;

/// <summary>
/// Durable mode with real processes (issue #3): silos and a web client as separate processes on one PostgreSQL,
/// killed, stopped and restarted as an operator or a crash would.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterTests(PostgresServer server)
{
    static readonly string[] Regions = ["north", "east", "south"];
    static readonly Dictionary<string, string> BranchOf = new() { ["north"] = "beijing", ["east"] = "shanghai", ["south"] = "guangzhou" };
    /// <summary>Membership needs several missed probes to declare a killed silo dead; calls to its grains wait until then.</summary>
    static readonly TimeSpan AfterCrash = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Killing_one_of_two_silos_keeps_every_case_and_claim_intake_and_the_board_go_on_and_the_cases_table_agrees()
    {
        await using var grid = await Grid.CreateAsync(server, "cluster_kill");
        var doomed = await grid.StartSiloAsync();
        await grid.StartSiloAsync();
        await grid.StartWebAsync();
        var hq = await grid.SignInAsync();
        // The demo organization is defined once, however many silos start and load it.
        await grid.UntilAsync(() => Task.FromResult(grid.AllOutput.Count(line => line.Contains("Demo organization loaded")) == 2),
            TimeSpan.FromSeconds(60), "both silos to load the demo organization");
        Assert.Single(grid.AllOutput, line => line.Contains("chart defined by this silo: True"));
        // The second silo found the first one alive: nothing is evicted without the membership votes.
        Assert.DoesNotContain(grid.AllOutput, line => line.Contains("Every active silo is stale"));

        var cases = new List<CaseView>();
        for (var n = 0; n < 12; n++)
        {
            var view = await OpenAsync(hq, Regions[n % 3], $"before-{n}", TimeSpan.FromSeconds(30));
            cases.Add(n % 2 == 0 ? await ClaimAsync(hq, view, TimeSpan.FromSeconds(30)) : view);
        }
        await TableAgreesAsync(grid, hq, cases);
        // A dispatcher's board on the web process, which is a client of the cluster and loses the gateway it used.
        await using var board = await BoardWatcher.ConnectAsync($"http://127.0.0.1:{grid.WebPort}", BoardScopes.Headquarters, await grid.TokenAsync());

        await doomed.KillAsync();

        // Every case answers again (re-activated on the surviving silo from its stored state) and keeps its claim.
        foreach (var known in cases)
        {
            var view = await GetAsync(hq, known.Id, AfterCrash);
            Assert.Equal((known.State, known.BranchId, known.Version), (view.State, view.BranchId, view.Version));
        }
        // Intake goes on, and claims too.
        for (var n = 0; n < 4; n++)
        {
            var view = await OpenAsync(hq, Regions[n % 3], $"after-{n}", AfterCrash);
            cases.Add(n % 2 == 0 ? await ClaimAsync(hq, view, AfterCrash) : view);
        }
        await TableAgreesAsync(grid, hq, cases);
        // The dispatcher's board still follows the grid: it shows every case, before and after the crash, at its version,
        // whatever the memory streams lost with the silo (the survivor repairs the read models from the cases table).
        await board.WaitForCasesAsync(cases, AfterCrash);
        await grid.UntilAsync(() => Task.FromResult(grid.AllOutput.Any(line => line.Contains("Read models repaired"))), AfterCrash,
            "the surviving silo to repair the read models");
    }

    [Fact]
    public async Task A_P1_response_deadline_that_passes_while_every_process_is_stopped_fires_once_after_the_restart()
    {
        await using var grid = await Grid.CreateAsync(server, "cluster_restart", new()
        {
            ["ServiceGrid__Sla__P1__Response"] = "00:00:10",
            ["ServiceGrid__Sla__P1__Onsite"] = "01:00:00",
            ["ServiceGrid__Sla__P1__Resolution"] = "02:00:00",
        });
        await grid.StartSiloAsync();
        await grid.StartWebAsync();
        var hq = await grid.SignInAsync();
        var opened = await OpenAsync(hq, "north", "p1", TimeSpan.FromSeconds(30), Severity.P1);
        await grid.UntilAsync(async () => await ScalarAsync<int>(grid.Database, "SELECT version FROM cases WHERE id = $1", opened.Id) == 1,
            TimeSpan.FromSeconds(20), "the opened case in the cases table");

        // Every process stopped (SIGTERM, as `docker compose stop` does) before the deadline. A graceful stop leaves
        // the membership table clean, so the restart joins at once; a crash of every process is RecoveryTests' case.
        foreach (var process in grid.Processes) await process.StopAsync(TimeSpan.FromSeconds(20));
        var due = opened.Sla.Response.DueAt!.Value;
        Assert.True(DateTimeOffset.UtcNow < due, "the processes took longer to stop than the response target; the test proves nothing");
        await Task.Delay(due - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1));
        Assert.Equal(0L, await ScalarAsync<long>(grid.Database, "SELECT count(*) FROM case_events WHERE case_id = $1 AND version > 1", opened.Id));

        await grid.StartSiloAsync();
        await grid.StartWebAsync();
        hq = await grid.SignInAsync();
        // Nothing touches the case: its SLA reminder (one-minute period, stored in PostgreSQL) activates it, and the
        // activation finds the deadline past. The test reads the cases table, not the grain, so as not to activate it.
        await grid.UntilAsync(async () => await ScalarAsync<long>(grid.Database,
                "SELECT count(*) FROM case_events WHERE case_id = $1 AND type = 'slaBreached'", opened.Id) == 1,
            TimeSpan.FromSeconds(100), "the breach recorded after the restart");

        var view = await GetAsync(hq, opened.Id, TimeSpan.FromSeconds(10));
        Assert.Equal(MilestoneStatus.Breached, view.Sla.Response.Status);
        Assert.Equal(Tiers.Headquarters, view.Tier);
        Assert.Single(view.Timeline, entry => entry.Type == TimelineTypes.SlaBreached);
        Assert.Single(view.Timeline, entry => entry.Type == TimelineTypes.Escalated);
        var alerts = await hq.EventuallyAsync<Alert[]>("/api/alerts",
            all => all.Any(a => a.CaseId == opened.Id && a.Type == AlertType.Escalated), TimeSpan.FromSeconds(10));
        Assert.Single(alerts, a => a.CaseId == opened.Id && a.Type == AlertType.SlaBreached);
        Assert.Single(alerts, a => a.CaseId == opened.Id && a.Type == AlertType.Escalated);
        await TableAgreesAsync(grid, hq, [view]);
    }

    [Fact]
    public async Task While_PostgreSQL_is_down_calls_answer_503_and_service_resumes_when_it_is_back_without_a_restart()
    {
        await using var grid = await Grid.CreateAsync(server, "cluster_outage");
        await grid.StartSiloAsync();
        await grid.StartWebAsync();
        var hq = await grid.SignInAsync();
        var first = await OpenAsync(hq, "north", "first", TimeSpan.FromSeconds(30));
        await TableAgreesAsync(grid, hq, [first]);

        await server.StopAsync();
        try
        {
            await ApiClient.ProblemAsync(await hq.Http.GetAsync("/api/cases"), HttpStatusCode.ServiceUnavailable);
            await ApiClient.ProblemAsync(await hq.PostAsync("/api/cases", Body("north"), "during"), HttpStatusCode.ServiceUnavailable);
            var claim = await ApiClient.ProblemAsync(await hq.PostAsync($"/api/cases/{first.Id}/claim", new { branchId = "beijing" }),
                HttpStatusCode.ServiceUnavailable);
            Assert.DoesNotContain("Npgsql", claim.ToJsonString());
            Assert.DoesNotContain(" at ", claim.ToJsonString());
        }
        finally
        {
            await server.StartAsync();
        }

        var claimed = await ClaimAsync(hq, first, TimeSpan.FromSeconds(60));
        var second = await OpenAsync(hq, "north", "during", TimeSpan.FromSeconds(60));
        await TableAgreesAsync(grid, hq, [claimed, second]);
        Assert.All(grid.Processes, process => Assert.False(process.HasExited, $"{process.Name} restarted"));
    }

    [Fact]
    public async Task A_silo_killed_between_taking_the_engineer_and_storing_the_dispatch_leaves_the_case_claimed_and_the_engineer_free()
    {
        const string engineerId = "eng-beijing-1";
        await using var grid = await Grid.CreateAsync(server, "cluster_dispatch_crash");
        var doomed = await grid.StartSiloAsync(new() { ["SERVICEGRID_CRASH_AT"] = CrashPoints.DispatchEngineerAssigned });
        await grid.StartWebAsync();
        var hq = await grid.SignInAsync();
        var claimed = await ClaimAsync(hq, await OpenAsync(hq, "north", "stranding", TimeSpan.FromSeconds(30)), TimeSpan.FromSeconds(30));

        // The case takes the engineer (stored busy with it), then its silo dies before the case stores the dispatch.
        using (var interrupted = await Send(() => hq.PostAsync($"/api/cases/{claimed.Id}/dispatch", new { engineerId })))
            Assert.NotEqual(HttpStatusCode.OK, interrupted?.StatusCode);
        await grid.UntilAsync(() => Task.FromResult(doomed.HasExited), TimeSpan.FromSeconds(60), "the silo to die at the crash point");
        Assert.Contains(doomed.Output, line => line.Contains($"crash point '{CrashPoints.DispatchEngineerAssigned}' reached"));

        await grid.StartSiloAsync();
        var engineer = await RetryAsync<EngineerView>(() => hq.Http.GetAsync($"/api/engineers/{engineerId}"),
            e => e.Status == EngineerStatus.Available, AfterCrash, $"{engineerId} free again");
        Assert.Null(engineer.CurrentCaseId);
        Assert.Contains(grid.AllOutput, line => line.Contains($"Engineer {engineerId} held case {claimed.Id}, which does not name them"));
        var view = await GetAsync(hq, claimed.Id, AfterCrash);
        Assert.Equal((CaseState.Claimed, null, claimed.Version), (view.State, view.EngineerId, view.Version));

        var dispatched = await hq.CommandAsync(claimed.Id, "dispatch", new { engineerId });
        Assert.Equal((CaseState.Dispatched, engineerId), (dispatched.State, dispatched.EngineerId));
    }

    /// <summary>
    /// The cases table, its timeline and the list endpoint hold the grains' cases at their versions. Only these cases: the
    /// demo organization's units open the inspections due to them by themselves (on their first reminder tick, about a
    /// minute after a silo starts, and at midnight UTC), so how many other cases share the tables depends on the date.
    /// </summary>
    static async Task TableAgreesAsync(Grid grid, ApiClient hq, IReadOnlyList<CaseView> cases)
    {
        var ids = cases.Select(c => c.Id).ToArray();
        // As the query below reads a row: id, version, state, holder.
        static string Row(CaseView c) => $"{c.Id}|{c.Version}|{CaseTransitionsName(c.State)}|{c.BranchId ?? "null"}";
        var expected = cases.Select(Row).Order(StringComparer.Ordinal).ToList();
        List<string> rows = [];
        await grid.UntilAsync(async () =>
        {
            rows = await RowsAsync(grid.Database,
                "SELECT id, version, state, coalesce(branch_id, 'null') FROM cases WHERE id = ANY($1) ORDER BY id COLLATE \"C\"", (object)ids);
            return rows.SequenceEqual(expected);
        }, TimeSpan.FromSeconds(60), $"the cases table to hold {string.Join(", ", expected)}", lastSeen: () => string.Join(", ", rows));
        Assert.Equal((long)cases.Sum(c => c.Version), await ScalarAsync<long>(grid.Database, "SELECT count(*) FROM case_events WHERE case_id = ANY($1)", (object)ids));

        var before = await ScalarAsync<long>(grid.Database, "SELECT count(*) FROM cases");
        var list = await hq.GetAsync<CaseList>("/api/cases?pageSize=200");
        Assert.InRange(list.Total, before, await ScalarAsync<long>(grid.Database, "SELECT count(*) FROM cases"));
        Assert.Equal(expected, list.Items.Where(c => ids.Contains(c.Id)).Select(Row).Order(StringComparer.Ordinal));
        Assert.Equal(list.Items.OrderByDescending(c => c.OpenedAt).ThenByDescending(c => c.Id, StringComparer.Ordinal).Select(c => c.Id),
            list.Items.Select(c => c.Id));
    }

    static string CaseTransitionsName(CaseState state) => Grains.Cases.CaseTransitions.Name(state);

    internal static object Body(string region, Severity severity = Severity.P3) => new
    {
        customerId = "cust-1", kind = "service", severity = severity.ToString(), channel = "hotline",
        title = "Spindle vibrates above 8000 rpm", description = "Operator reports vibration on the main spindle.", region,
    };

    /// <summary>Opens a case, retrying with the same idempotency key while the cluster recovers.</summary>
    static async Task<CaseView> OpenAsync(ApiClient api, string region, string key, TimeSpan within, Severity severity = Severity.P3) =>
        await RetryAsync(() => api.PostAsync("/api/cases", Body(region, severity), key), within, $"open {key}");

    /// <summary>Claims for the region's first branch; a retry that finds the claim already made by that branch counts.</summary>
    static async Task<CaseView> ClaimAsync(ApiClient api, CaseView view, TimeSpan within)
    {
        var branch = BranchOf[view.Region];
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            using var response = await Send(() => api.PostAsync($"/api/cases/{view.Id}/claim", new { branchId = branch }));
            if (response?.StatusCode == HttpStatusCode.OK) return (await response.Content.ReadFromJsonAsync<CaseView>(ApiClient.Json))!;
            if (response?.StatusCode == HttpStatusCode.Conflict && await GetAsync(api, view.Id, within) is { BranchId: var holder } held && holder == branch)
                return held;
            await UnavailableAsync(response, deadline, $"claim {view.Id}");
            await Task.Delay(500);
        }
    }

    static async Task<CaseView> GetAsync(ApiClient api, string id, TimeSpan within) =>
        await RetryAsync(() => api.Http.GetAsync($"/api/cases/{id}"), within, $"GET {id}");

    static Task<CaseView> RetryAsync(Func<Task<HttpResponseMessage>> call, TimeSpan within, string what) =>
        RetryAsync<CaseView>(call, _ => true, within, what);

    /// <summary>Calls until the answer is a success that satisfies <paramref name="holds"/>; meanwhile only 503 or a time-out may come.</summary>
    static async Task<T> RetryAsync<T>(Func<Task<HttpResponseMessage>> call, Func<T, bool> holds, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            using var response = await Send(call);
            if (response is { IsSuccessStatusCode: true })
            {
                var value = (await response.Content.ReadFromJsonAsync<T>(ApiClient.Json))!;
                if (holds(value)) return value;
                if (DateTime.UtcNow > deadline) Assert.Fail($"{what}: not yet at the deadline; last: {JsonSerializer.Serialize(value, ApiClient.Json)}");
            }
            else
            {
                await UnavailableAsync(response, deadline, what);
            }
            await Task.Delay(500);
        }
    }

    /// <summary>While the cluster recovers an answer may be 503 (or the call time out); nothing else is acceptable.</summary>
    static async Task UnavailableAsync(HttpResponseMessage? response, DateTime deadline, string what)
    {
        if (response is not null && response.StatusCode != HttpStatusCode.ServiceUnavailable)
            Assert.Fail($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        if (DateTime.UtcNow > deadline) Assert.Fail($"{what}: still unavailable at the deadline");
    }

    static async Task<HttpResponseMessage?> Send(Func<Task<HttpResponseMessage>> call)
    {
        try { return await call(); }
        catch (Exception exception) when (exception is TaskCanceledException or HttpRequestException) { return null; }
    }
}
