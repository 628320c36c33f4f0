using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ServiceGrid.Cases;
using ServiceGrid.Tests.Infrastructure;
using ServiceGrid.Tests.Web;
using Xunit.Abstractions;

namespace ServiceGrid.Tests.Cluster;

/// <summary>
/// Issue #14, part 6: a web node that starts while the cluster is down, recovering or not yet created keeps trying and
/// answers 503 with <c>Retry-After</c> meanwhile; after every process crashed, one silo and the web started together serve
/// the stored cases within 20 s.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RecoveryTests(PostgresServer server, ITestOutputHelper output)
{
    /// <summary>The bound, from the restart of the processes to the last stored case served.</summary>
    static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task After_every_process_is_killed_a_silo_and_the_web_started_together_serve_the_stored_cases_within_20_s()
    {
        await using var grid = await Grid.CreateAsync(server, "recovery_crash");
        var silo = await grid.StartSiloAsync();
        var web = await grid.StartWebAsync();
        var hq = await grid.SignInAsync();
        var stored = new List<CaseView>();
        foreach (var region in new[] { "north", "east", "south" }) stored.Add(await OpenAsync(hq, region));
        stored[0] = await hq.CommandAsync(stored[0].Id, "claim", new { branchId = "beijing" });

        await Task.WhenAll(silo.KillAsync(), web.KillAsync());
        var sinceRestart = Stopwatch.StartNew();
        var (restartedSilo, _) = grid.LaunchSilo();
        var restartedWeb = grid.LaunchWeb();

        using var http = grid.Http();
        http.DefaultRequestHeaders.Authorization = hq.Http.DefaultRequestHeaders.Authorization;
        var pending = stored.ToDictionary(view => view.Id);
        var unavailable = 0;
        TimeSpan? firstAnswer = null;
        while (pending.Count > 0)
        {
            Assert.False(restartedWeb.HasExited, $"the web process exited\n{restartedWeb.Tail()}");
            if (sinceRestart.Elapsed > RecoveryBound)
                Assert.Fail($"{pending.Count} stored cases not served {RecoveryBound} after the restart ({unavailable} answers 503 meanwhile)\n{restartedSilo.Tail()}\n{restartedWeb.Tail()}");
            foreach (var known in pending.Values.ToList())
            {
                using var response = await TryGetAsync(http, $"/api/cases/{known.Id}", RecoveryBound - sinceRestart.Elapsed);
                if (response is null) continue;
                firstAnswer ??= sinceRestart.Elapsed;
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    var view = (await response.Content.ReadFromJsonAsync<CaseView>(ApiClient.Json))!;
                    Assert.Equal((known.Version, known.State, known.BranchId), (view.Version, view.State, view.BranchId));
                    pending.Remove(known.Id);
                    continue;
                }
                await AssertUnavailableAsync(response);
                unavailable++;
            }
            if (pending.Count > 0) await Task.Delay(100);
        }

        output.WriteLine($"first answer {firstAnswer?.TotalSeconds:0.0} s, every stored case served {sinceRestart.Elapsed.TotalSeconds:0.0} s after the restart; {unavailable} answers 503 before");
        Assert.False(restartedWeb.HasExited, $"the web process exited\n{restartedWeb.Tail()}");
        Assert.False(restartedSilo.HasExited, $"the silo exited\n{restartedSilo.Tail()}");
        // The restarted silo declared its dead predecessor dead itself (StaleSiloEviction) instead of probing it for seconds.
        Assert.Contains(restartedSilo.Output, line => line.Contains("Every active silo is stale"));
    }

    [Fact]
    public async Task A_web_node_started_on_an_empty_database_answers_503_until_a_silo_has_created_the_schema_then_serves()
    {
        await using var grid = await Grid.CreateAsync(server, "recovery_empty");
        var web = grid.LaunchWeb();
        using var http = grid.Http();

        // Kestrel listens although there is no cluster, and the web node keeps trying to connect: it failed twice, for
        // the missing schema (42P01: relation "orleansquery" does not exist), and is still running.
        await grid.UntilAsync(async () => await TryGetAsync(http, "/health/live", TimeSpan.FromSeconds(10)) is { StatusCode: HttpStatusCode.OK },
            TimeSpan.FromSeconds(60), "the web process to answer /health/live", web);
        await grid.UntilAsync(() => Task.FromResult(web.Output.Count(line => line.Contains("Connecting to the cluster failed")) >= 2),
            TimeSpan.FromSeconds(60), "two failed attempts to connect", web);
        Assert.Contains(web.Output, line => line.Contains("42P01"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/health/ready")).StatusCode);
        using (var signIn = await http.PostAsJsonAsync("/api/auth/token", new { username = "hq", password = "demo" }))
        {
            await AssertUnavailableAsync(signIn);
            Assert.Equal("nosniff", signIn.Headers.GetValues("X-Content-Type-Options").Single());
        }
        Assert.False(web.HasExited, web.Tail());

        var sinceSilo = Stopwatch.StartNew();
        await grid.StartSiloAsync();
        await grid.UntilAsync(async () => await TryGetAsync(http, "/health/ready", TimeSpan.FromSeconds(10)) is { StatusCode: HttpStatusCode.OK },
            TimeSpan.FromSeconds(60), "the web process to be ready", web);
        output.WriteLine($"ready {sinceSilo.Elapsed.TotalSeconds:0.0} s after the silo was started");
        await grid.DemoOrganizationLoadedAsync();
        var hq = await grid.SignInAsync();
        var opened = await OpenAsync(hq, "north");
        Assert.Equal(opened.Version, (await hq.GetAsync<CaseView>($"/api/cases/{opened.Id}")).Version);
        Assert.False(web.HasExited, web.Tail());
    }

    [Fact]
    public async Task A_starting_silo_does_not_evict_a_stale_silo_whose_endpoint_accepts_connections_and_leaves_it_to_the_votes()
    {
        await using var grid = await Grid.CreateAsync(server, "recovery_frozen");
        var frozen = await grid.StartSiloAsync();
        // Frozen: it writes nothing to the membership table any more, so it goes stale; its port still accepts connections.
        await frozen.FreezeAsync();
        await grid.UntilAsync(async () => await Persistence.Database.ScalarAsync<long>(grid.Database,
                "SELECT count(*) FROM orleansmembershiptable WHERE status = 3 AND iamalivetime < (now() AT TIME ZONE 'utc') - interval '10 seconds'") == 1,
            TimeSpan.FromSeconds(60), "the frozen silo to go stale");

        var (starting, _) = grid.LaunchSilo();
        await grid.UntilAsync(() => Task.FromResult(starting.Output.Any(line => line.Contains("left to the membership protocol"))),
            TimeSpan.FromSeconds(60), "the starting silo to find the stale silo alive", starting);
        Assert.DoesNotContain(starting.Output, line => line.Contains("Every active silo is stale"));
    }

    static async Task<CaseView> OpenAsync(ApiClient api, string region)
    {
        using var response = await api.PostAsync("/api/cases", ClusterTests.Body(region));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CaseView>(ApiClient.Json))!;
    }

    /// <summary>While the web node is not connected to the cluster, problem details with status 503 and <c>Retry-After</c>.</summary>
    static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        await ApiClient.ProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.True(response.Headers.RetryAfter is RetryConditionHeaderValue { Delta.TotalSeconds: > 0 }, $"no Retry-After on {response.RequestMessage?.RequestUri}");
    }

    /// <summary>The answer, or null when there is none yet (the process is not listening) or none within <paramref name="within"/>.</summary>
    static async Task<HttpResponseMessage?> TryGetAsync(HttpClient http, string path, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within > TimeSpan.Zero ? within : TimeSpan.FromMilliseconds(1));
        try { return await http.GetAsync(path, timeout.Token); }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException) { return null; }
    }
}
