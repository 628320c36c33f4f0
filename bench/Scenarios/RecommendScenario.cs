using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ServiceGrid.Bench.Harness;
using ServiceGrid.Cases;
using ServiceGrid.Events;
using ServiceGrid.Grains.Dispatch;
using ServiceGrid.Organization;

namespace ServiceGrid.Bench.Scenarios;

/// <summary>
/// Issue 15's recommendation among 500 engineers of one region with 5,000 open cases, seeded on an in-process silo:
/// <c>GET /api/cases/{id}/candidates</c> through a web process in <c>external</c> mode connected to that silo, under
/// concurrent load, beside the same web's <c>GET /health/live</c>; the region's <c>DispatchGrain.Recommend</c> called
/// in-process beside a trivial grain call (the organization chart); the ranking's own computation time; and the drop-out
/// re-plan of an engineer holding 10 jobs.
/// </summary>
public static class RecommendScenario
{
    const string Name = "recommend";
    const string Region = "north";
    const string Branch = "beijing";
    static readonly GeoPoint Centre = new(39.9, 116.4);

    public static async Task RunAsync(BenchOptions options, Report report)
    {
        var (engineerCount, caseCount, dropouts) = options.Smoke ? (50, 200, 1) : (500, options.Cases ?? 5_000, 10);
        await using var silo = await InProcessSilo.StartAsync(Path.Combine(options.Output, "logs", $"{Name}-silo.log"), new Dictionary<string, string?>());
        var grains = silo.Grains;
        var random = new Random(15);
        var models = await SkillsAsync(grains);

        await Parallel.ForEachAsync(Enumerable.Range(1, engineerCount), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (n, _) =>
        {
            var engineer = grains.GetGrain<IEngineerGrain>($"eng-rec-{n}");
            await engineer.Register(new EngineerProfile($"Bench engineer {n}", n % 2 == 0 ? Branch : "tianjin", Region, Near(new Random(n))));
            await engineer.SetResource(new ResourceProfile([models[n % models.Length], models[(n + 2) % models.Length]], null, 3));
        });
        var readModels = new ReadModelCount(grains);
        var active = await readModels.ActiveAsync();
        var opened = await OpenAsync(grains, silo.Clock, caseCount, random);
        await readModels.UntilAsync(active + caseCount);
        var dispatch = grains.GetGrain<IDispatchGrain>(Region);
        var targets = await Task.WhenAll(opened.Take(100).Select(id => grains.GetGrain<ICaseGrain>(id).Get()));

        var organization = grains.GetGrain<IOrganizationGrain>(IOrganizationGrain.Key);
        var floor = await LoadRunner.RunAsync(options.Concurrency, options.WarmUp, options.Duration, async (_, _) =>
        {
            await organization.Get();
            return true;
        });
        var recommend = await LoadRunner.RunAsync(options.Concurrency, options.WarmUp, options.Duration, async (_, n) =>
            (await dispatch.Recommend(targets[n % targets.Length]!, [], 5)).Items.Length > 0);

        report.Add(new Figure(Name, "grain call floor (organization chart)", floor.PerSecond, "calls/s"));
        report.Add(new Figure(Name, "floor p95", floor.Latency.P95, "ms"));
        report.Add(new Figure(Name, "recommendations", recommend.PerSecond, "calls/s", floor.PerSecond));
        report.Add(new Figure(Name, "recommend p50", recommend.Latency.P50, "ms", floor.Latency.P50));
        // The targets are for the HTTP route (ThroughHttpAsync); these say how much of it is the grain's.
        report.Add(new Figure(Name, "recommend p95", recommend.Latency.P95, "ms", floor.Latency.P95));
        report.Add(new Figure(Name, "recommend p99", recommend.Latency.P99, "ms", floor.Latency.P99));
        report.Add(new Figure(Name, "recommendations failed", recommend.Failed, "calls", Target: "0", Met: recommend.Failed == 0));
        await ThroughHttpAsync(options, silo, targets.Select(t => t!.Id).ToArray(), report);
        await RankingTimeAsync(silo, grains, targets!, report);
        await DropOutAsync(grains, dispatch, silo.Clock, dropouts, random, report);
        report.Note(Name, $"{engineerCount} engineers and {caseCount} open cases in region {Region}, in-process silo, " +
            $"{options.Concurrency} concurrent callers, closed loop. The issue's targets are judged on the HTTP route: a separate web process " +
            "in external mode, so each request adds a gateway hop to the silo (two grain calls: the case, then the region's dispatch grain); " +
            "in-grain figures are the same calls without the web and the hop");
    }

    /// <summary>
    /// The route as a dispatcher's browser calls it, signed in as HQ: a web process of its own (external mode) joined to the
    /// silo holding the seeded region, so that the load generator, the web and the silo's numbers stay apart.
    /// </summary>
    static async Task ThroughHttpAsync(BenchOptions options, InProcessSilo silo, string[] caseIds, Report report)
    {
        var settings = ServerProcess.BenchSettings();
        settings["ServiceGrid__Silo"] = "external";
        settings["Orleans__GatewayPort"] = silo.GatewayPort.ToString();
        await using var web = await ServerProcess.StartAsync(settings);
        using var client = await GridClient.SignInAsync(web.Url, options.Concurrency);
        var floor = await LoadRunner.RunAsync(options.Concurrency, options.WarmUp, options.Duration, (_, _) => client.LiveAsync());
        var route = await LoadRunner.RunAsync(options.Concurrency, options.WarmUp, options.Duration, (_, n) => client.CandidatesAsync(caseIds[n % caseIds.Length]));

        report.Add(new Figure(Name, "HTTP: GET /health/live (floor)", floor.PerSecond, "req/s"));
        report.Add(new Figure(Name, "HTTP: GET candidates", route.PerSecond, "req/s", floor.PerSecond));
        report.Add(new Figure(Name, "HTTP: candidates p50", route.Latency.P50, "ms", floor.Latency.P50));
        report.Add(new Figure(Name, "HTTP: candidates p95", route.Latency.P95, "ms", floor.Latency.P95, "< 50 ms", route.Latency.P95 < 50));
        report.Add(new Figure(Name, "HTTP: candidates p99", route.Latency.P99, "ms", floor.Latency.P99, "< 150 ms", route.Latency.P99 < 150));
        report.Add(new Figure(Name, "HTTP: candidates failed", route.Failed, "requests", Target: "0", Met: route.Failed == 0));
    }

    /// <summary>The pure ranking over the region's engineers as the grain holds them, one call at a time.</summary>
    static async Task RankingTimeAsync(InProcessSilo silo, IGrainFactory grains, CaseView[] targets, Report report)
    {
        var engineers = await grains.GetGrain<IRegionGrain>(Region).GetEngineers(null);
        var services = silo.Services;
        var context = new RankingContext(silo.Clock.GetUtcNow(), services.GetRequiredService<ITravelTimes>(),
            services.GetRequiredService<IOptions<DispatchOptions>>().Value, _ => null);
        var millis = new List<double>();
        for (var i = 0; i < 2_000; i++)
        {
            var started = Stopwatch.GetTimestamp();
            CandidateRanking.Rank(targets[i % targets.Length], null, engineers, context, 5);
            millis.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        var summary = Summary.Of(millis);
        report.Add(new Figure(Name, $"ranking {engineers.Length} engineers, p50", summary.P50, "ms"));
        report.Add(new Figure(Name, $"ranking {engineers.Length} engineers, p99", summary.P99, "ms"));
    }

    /// <summary>An engineer holding 10 planner-dispatched jobs of an auto branch becomes unavailable: until every job has moved.</summary>
    static async Task DropOutAsync(IGrainFactory grains, IDispatchGrain dispatch, TimeProvider clock, int rounds, Random random, Report report)
    {
        var millis = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            // Jobs handed to the engineer while the branch only gets suggestions, so that the planner does not take them first.
            await dispatch.SetPolicy(Branch, DispatchMode.Suggest);
            var engineerId = $"eng-rec-dropout-{round}";
            var engineer = grains.GetGrain<IEngineerGrain>(engineerId);
            await engineer.Register(new EngineerProfile("Leaving engineer", Branch, Region, Centre));
            await engineer.SetResource(new ResourceProfile([], null, 10));
            var jobs = await OpenAsync(grains, clock, 10, random);
            foreach (var id in jobs)
            {
                var job = grains.GetGrain<ICaseGrain>(id);
                var claimed = await job.Claim(Branch, "bench");
                await job.Plan(new PlannedDispatch(engineerId, claimed.Version, ["bench"]));
            }
            await dispatch.SetPolicy(Branch, DispatchMode.Auto);
            var held = (await engineer.Get())!.Jobs;
            var started = Stopwatch.GetTimestamp();
            await engineer.SetAvailability(EngineerStatus.Unavailable, "bench", null);
            while ((await Task.WhenAll(held.Select(id => grains.GetGrain<ICaseGrain>(id).Get()))).Any(c => c!.EngineerId == engineerId))
            {
                if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromSeconds(30)) break;
                await Task.Delay(5);
            }
            millis.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        var summary = Summary.Of(millis);
        report.Add(new Figure(Name, "drop-out re-plan of 10 jobs, p50", summary.P50, "ms"));
        report.Add(new Figure(Name, "drop-out re-plan of 10 jobs, p95", summary.P95, "ms", Target: "< 2,000 ms", Met: summary.P95 < 2_000));
        report.Add(new Figure(Name, "drop-out re-plan of 10 jobs, max", summary.Max, "ms"));
    }

    static async Task<string[]> SkillsAsync(IGrainFactory grains) =>
        [.. (await grains.GetGrain<IRegionGrain>(Region).GetEngineers(null)).SelectMany(e => e.Resource.Skills).Distinct().DefaultIfEmpty("bench model")];

    static async Task<string[]> OpenAsync(IGrainFactory grains, TimeProvider clock, int count, Random random)
    {
        var sites = Enumerable.Range(0, count).Select(_ => Near(random)).ToArray();
        var ids = new string[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 128 }, async (i, _) =>
        {
            var id = ids[i] = CaseIds.New(clock);
            await grains.GetGrain<ICaseGrain>(id).Open(new OpenCase
            {
                CustomerId = "cust-1", Kind = CaseKind.Service, Severity = i % 5 == 0 ? Severity.P2 : Severity.P3, Channel = Channel.Hotline,
                Title = $"Recommend bench case {i}", Description = "Opened by the benchmark.", Region = Region, Site = sites[i], Actor = "bench",
            });
        });
        return ids;
    }

    static GeoPoint Near(Random random) => new(Centre.Lat + (random.NextDouble() - 0.5), Centre.Lon + (random.NextDouble() - 0.5));
}
