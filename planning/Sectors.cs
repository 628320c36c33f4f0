namespace ServiceGrid.Planning;

/// <summary>
/// A large region cut into sectors of engineers by the bearing of their start from the region's middle; a sector takes
/// the visits the greedy plan gave its engineers (pinned ones among them), and each visit the greedy plan left out goes to
/// the sector of the nearest engineer who may take it. The sectors are planned at once; their routes make the plan.
/// </summary>
static class Sectors
{
    public static Plan Plan(CompiledProblem p, List<int>[] greedy, PlannerSettings settings, Func<PlanningProblem, PlannerSettings, Plan> plan)
    {
        var engineers = p.Problem.Engineers;
        var (middleX, middleY) = (engineers.Average(e => e.Start.X), engineers.Average(e => e.Start.Y));
        var byBearing = Enumerable.Range(0, p.EngineerCount)
            .OrderBy(k => Math.Atan2(engineers[k].Start.Y - middleY, engineers[k].Start.X - middleX)).ToList();
        var count = (p.EngineerCount + settings.EngineersPerSearch - 1) / settings.EngineersPerSearch;
        var sectorOf = new int[p.EngineerCount];
        for (var i = 0; i < byBearing.Count; i++) sectorOf[byBearing[i]] = i * count / byBearing.Count;

        var visitsOf = Enumerable.Range(0, count).Select(_ => new List<int>()).ToArray();
        var planned = new bool[p.VisitCount];
        for (var k = 0; k < p.EngineerCount; k++)
        {
            visitsOf[sectorOf[k]].AddRange(greedy[k]);
            foreach (var visit in greedy[k]) planned[visit] = true;
        }
        for (var visit = 0; visit < p.VisitCount; visit++)
        {
            if (planned[visit]) continue;
            var nearest = Enumerable.Range(0, p.EngineerCount).Where(k => p.Eligible(k, visit))
                .OrderBy(k => p.TravelSeconds[p.StartNode(k)][visit]).DefaultIfEmpty(0).First();
            visitsOf[sectorOf[nearest]].Add(visit);
        }

        // The sectors already fill the cores: one search each. Long-running, so that every sector starts now rather than when
        // the thread pool grows, and all of them stop by the call's deadline.
        var whole = settings with { EngineersPerSearch = int.MaxValue, SearchesAtOnce = 1 };
        var plans = Enumerable.Range(0, count).Select(sector => Task.Factory.StartNew(() => plan(new PlanningProblem(
            Enumerable.Range(0, p.EngineerCount).Where(k => sectorOf[k] == sector).Select(k => engineers[k]).ToList(),
            visitsOf[sector].Select(v => p.Problem.Visits[v]).ToList(),
            p.Problem.Travel), whole), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        try
        {
            Task.WaitAll(plans);
        }
        catch (AggregateException failed) when (failed.InnerExceptions.All(e => e is OperationCanceledException))
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failed.InnerExceptions[0]);
        }

        var visitIndex = p.Problem.Visits.Select((v, i) => (v.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var routes = plans.SelectMany(t => t.Result.Routes).ToDictionary(r => r.EngineerId, r => r.Stops.Select(s => visitIndex[s.VisitId]).ToList());
        return RouteSchedule.ToPlan(p, engineers.Select(e => (IReadOnlyList<int>)routes[e.Id]).ToList());
    }
}
