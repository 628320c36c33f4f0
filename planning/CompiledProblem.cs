namespace ServiceGrid.Planning;

/// <summary>
/// A problem in the integers both planners work in: seconds from the horizon start and metres. Nodes are the visits
/// (0..n-1), then each engineer's start (n+k), then each engineer's end (n+E+k); an open route's end costs nothing to reach.
/// Travel seconds are rounded up so that a plan feasible here is feasible with the caller's exact times.
/// </summary>
sealed class CompiledProblem
{
    const long NoLimit = long.MaxValue / 4;

    public CompiledProblem(PlanningProblem problem, PlannerSettings settings)
    {
        Problem = problem;
        var visits = problem.Visits;
        var engineers = problem.Engineers;
        VisitCount = visits.Count;
        EngineerCount = engineers.Count;

        var engineerIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var k = 0; k < EngineerCount; k++)
            if (!engineerIndex.TryAdd(engineers[k].Id, k)) throw new ArgumentException($"Engineer '{engineers[k].Id}' appears twice.");
        var visitIds = new HashSet<string>(StringComparer.Ordinal);

        WindowStart = new long[VisitCount];
        WindowEnd = new long[VisitCount];
        Duration = new long[VisitCount];
        Due = new long[VisitCount];
        Demand = new long[VisitCount];
        FixedStart = new long[VisitCount];
        FixedEngineer = new int[VisitCount];
        UnplannedPenalty = new long[VisitCount];
        LatenessPerSecond = new long[VisitCount];
        for (var v = 0; v < VisitCount; v++)
        {
            var visit = visits[v];
            if (!visitIds.Add(visit.Id)) throw new ArgumentException($"Visit '{visit.Id}' appears twice.");
            if (visit.Window.End < visit.Window.Start) throw new ArgumentException($"Visit '{visit.Id}' has a window that ends before it starts.");
            if (visit.Priority is < 1 or > 5) throw new ArgumentException($"Visit '{visit.Id}' has priority {visit.Priority}; P1..P5 only.");
            WindowStart[v] = Seconds(visit.Window.Start);
            WindowEnd[v] = Seconds(visit.Window.End);
            Duration[v] = Seconds(visit.Duration);
            Due[v] = visit.Due is { } due ? Seconds(due) : NoLimit;
            Demand[v] = visit.Demand;
            UnplannedPenalty[v] = Metres(settings.UnplannedPenaltyKm[visit.Priority - 1]);
            LatenessPerSecond[v] = Math.Max(1, (long)Math.Round(settings.LatenessKmPerHour[visit.Priority - 1] * 1000 / 3600));
            FixedEngineer[v] = -1;
            FixedStart[v] = -1;
            if (visit.Fixed is { } pinned)
            {
                if (!engineerIndex.TryGetValue(pinned.EngineerId, out var k))
                    throw new ArgumentException($"Visit '{visit.Id}' is pinned to unknown engineer '{pinned.EngineerId}'.");
                FixedEngineer[v] = k;
                FixedStart[v] = Seconds(pinned.Start);
            }
        }

        ShiftStart = engineers.Select(e => Seconds(e.Shift.Start)).ToArray();
        ShiftEnd = engineers.Select(e => Seconds(e.Shift.End)).ToArray();
        Capacity = engineers.Select(e => e.Capacity is { } c ? (long)c : NoLimit).ToArray();
        HasCapacities = engineers.Any(e => e.Capacity is not null);
        HorizonEnd = ShiftEnd.DefaultIfEmpty(0).Max();
        EngineerUsedCost = Metres(settings.EngineerUsedKm);

        _eligible = new bool[EngineerCount, VisitCount];
        for (var k = 0; k < EngineerCount; k++)
            for (var v = 0; v < VisitCount; v++)
                _eligible[k, v] = FixedEngineer[v] >= 0 ? FixedEngineer[v] == k : Qualifies(engineers[k], visits[v], k, v);

        (TravelSeconds, TravelMetres) = BuildMatrices(problem);
        (PlannedEngineer, PlannedStart) = PlanInForce(visits, engineerIndex);
        MoveCost = Metres(settings.MoveCostKm);
    }

    public PlanningProblem Problem { get; }
    public int VisitCount { get; }
    public int EngineerCount { get; }
    public int NodeCount => VisitCount + 2 * EngineerCount;
    public long[] WindowStart { get; }
    public long[] WindowEnd { get; }
    public long[] Duration { get; }
    public long[] Due { get; }
    public long[] Demand { get; }
    /// <summary>-1 for a visit the planner may move.</summary>
    public long[] FixedStart { get; }
    public int[] FixedEngineer { get; }
    public long[] UnplannedPenalty { get; }
    public long[] LatenessPerSecond { get; }
    public long[] ShiftStart { get; }
    public long[] ShiftEnd { get; }
    public long[] Capacity { get; }
    public bool HasCapacities { get; }
    public long HorizonEnd { get; }
    public long EngineerUsedCost { get; }
    /// <summary>The engineer the plan in force has a movable visit on (-1: none, or one outside this problem), and its start there.</summary>
    public int[] PlannedEngineer { get; }
    public long[] PlannedStart { get; }
    /// <summary>What routing a visit off its <see cref="PlannedEngineer"/> costs, in metres.</summary>
    public long MoveCost { get; }
    public bool HasPlanInForce => MoveCost > 0 && PlannedEngineer.Any(k => k >= 0);
    public long[][] TravelSeconds { get; }
    public long[][] TravelMetres { get; }

    readonly bool[,] _eligible;

    public int StartNode(int engineer) => VisitCount + engineer;
    public int EndNode(int engineer) => VisitCount + EngineerCount + engineer;
    public bool IsFixed(int visit) => FixedEngineer[visit] >= 0;
    public bool Eligible(int engineer, int visit) => _eligible[engineer, visit];

    bool Qualifies(Engineer engineer, Visit visit, int k, int v) =>
        (visit.RequiredSkill is null || engineer.Skills.Contains(visit.RequiredSkill))
        && WindowStart[v] + Duration[v] <= ShiftEnd[k] && WindowEnd[v] >= ShiftStart[k]
        && Demand[v] <= Capacity[k];

    (long[][] Seconds, long[][] Metres) BuildMatrices(PlanningProblem problem)
    {
        var places = new Location?[NodeCount];
        for (var v = 0; v < VisitCount; v++) places[v] = problem.Visits[v].Location;
        for (var k = 0; k < EngineerCount; k++)
        {
            places[StartNode(k)] = problem.Engineers[k].Start;
            places[EndNode(k)] = problem.Engineers[k].End;
        }
        var seconds = new long[NodeCount][];
        var metres = new long[NodeCount][];
        for (var i = 0; i < NodeCount; i++)
        {
            seconds[i] = new long[NodeCount];
            metres[i] = new long[NodeCount];
            if (places[i] is not { } from) continue;
            for (var j = 0; j < NodeCount; j++)
            {
                if (i == j || places[j] is not { } to) continue;
                var leg = problem.Travel.Between(from, to);
                seconds[i][j] = (long)Math.Ceiling(leg.Time.TotalSeconds - 1e-9);
                metres[i][j] = Metres(leg.Km);
            }
        }
        return (seconds, metres);
    }

    (int[] Engineer, long[] Start) PlanInForce(IReadOnlyList<Visit> visits, Dictionary<string, int> engineerIndex)
    {
        var engineer = new int[VisitCount];
        var start = new long[VisitCount];
        for (var v = 0; v < VisitCount; v++)
        {
            // An engineer outside this problem (another sector's) is nobody here: every vehicle costs the move alike.
            engineer[v] = visits[v].Planned is { } planned && !IsFixed(v) && engineerIndex.TryGetValue(planned.EngineerId, out var k) ? k : -1;
            start[v] = visits[v].Planned is { } at ? Seconds(at.Start) : -1;
        }
        return (engineer, start);
    }

    static long Seconds(TimeSpan span) => (long)Math.Round(span.TotalSeconds);

    static long Metres(double km) => (long)Math.Round(km * 1000);
}
