namespace ServiceGrid.Planning;

/// <summary>A point on a plane in kilometres (a projection of the region); the travel model reads it.</summary>
public readonly record struct Location(double X, double Y);

/// <summary>A span of time as offsets from the problem's horizon start.</summary>
public readonly record struct Window(TimeSpan Start, TimeSpan End)
{
    public bool Contains(TimeSpan at) => at >= Start && at <= End;
}

/// <summary>One engineer of the region for the horizon.</summary>
/// <param name="End">Where the route must end by the shift's end (home or depot); null: the day ends at the last visit.</param>
/// <param name="Capacity">Most demand (<see cref="Visit.Demand"/>) one route may carry: jobs when every demand is 1,
/// minutes when demands are durations; null: no limit but the shift.</param>
public sealed record Engineer(
    string Id, Location Start, Window Shift, IReadOnlySet<string> Skills, Location? End = null, int? Capacity = null);

/// <summary>A visit that a person decided (pinned by a dispatcher) or that has started (travelling, on site):
/// the planner keeps it on this engineer at this start, whatever it costs.</summary>
public sealed record FixedAssignment(string EngineerId, TimeSpan Start);

/// <summary>Where the plan in force has a movable visit: the search starts there and a move elsewhere costs
/// <see cref="PlannerSettings.MoveCostKm"/>. A starting point and a preference, not a constraint.</summary>
public sealed record PlannedAssignment(string EngineerId, TimeSpan Start);

/// <summary>A booked visit.</summary>
/// <param name="Window">When the visit may start (the customer-agreed window).</param>
/// <param name="Priority">1 (P1, most urgent) to 5.</param>
/// <param name="Due">The case's SLA deadline for this visit's start: a start after it is late and forecasts a breach.</param>
public sealed record Visit(
    string Id,
    Location Location,
    Window Window,
    TimeSpan Duration,
    int Priority,
    string? RequiredSkill = null,
    TimeSpan? Due = null,
    int Demand = 1,
    FixedAssignment? Fixed = null,
    PlannedAssignment? Planned = null);

/// <summary>Everything one re-plan looks at. Times are offsets from the horizon start.</summary>
public sealed record PlanningProblem(IReadOnlyList<Engineer> Engineers, IReadOnlyList<Visit> Visits, ITravelModel Travel);

/// <summary>How hard a planner works and what it trades.</summary>
public sealed record PlannerSettings
{
    /// <summary>The call returns by then (with the best plan found so far): the search gets what the travel matrix, the
    /// greedy start and the model leave of it.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Guided local search escapes local minima and runs to the time limit; without it the search stops at the
    /// first local minimum.</summary>
    public bool GuidedLocalSearch { get; init; } = true;

    /// <summary>OR-Tools' first search starts from the plan in force (<see cref="Visit.Planned"/>, in planned order) with the
    /// other visits inserted greedily (the greedy plan when nothing is planned yet) instead of its own first solution; the
    /// other searches start from OR-Tools' constructions, and that first plan competes with the searches' plans.</summary>
    public bool StartFromGreedy { get; init; } = true;

    /// <summary>What leaving a visit unplanned costs, in kilometres of travel, by priority P1..P5: P1/P2 come first.</summary>
    public IReadOnlyList<double> UnplannedPenaltyKm { get; init; } = [1_000_000, 300_000, 10_000, 3_000, 1_000];

    /// <summary>What an hour past a visit's SLA due costs, in kilometres of travel, by priority P1..P5.</summary>
    public IReadOnlyList<double> LatenessKmPerHour { get; init; } = [10_000, 3_000, 100, 30, 10];

    /// <summary>A region with more engineers is cut into sectors around its middle of about this many engineers, each with
    /// the visits the greedy plan gave them, and the sectors are searched at once: a search's moves grow with the square of
    /// its visits, so many small searches improve a large region within the time limit where one search cannot.</summary>
    public int EngineersPerSearch { get; init; } = 25;

    /// <summary>What using one more engineer costs, in kilometres (0: only travel counts).</summary>
    public double EngineerUsedKm { get; init; }

    /// <summary>What moving a visit off the engineer(-day) the plan in force has it on costs, in kilometres: a move is made
    /// only when it buys more than this. A move is a call to the engineer and often to the customer, and a plan that
    /// changes everywhere at equal cost is one nobody can follow; 10 km is about a quarter of an hour of driving in a city,
    /// the smallest saving worth that call, and it stays far below what lateness or leaving a P1/P2 unplanned costs, so it
    /// never keeps an urgent visit out. 0: every re-plan is a fresh plan.</summary>
    public double MoveCostKm { get; init; } = 10;

    /// <summary>How many searches of one problem (or of one sector) run at once, from different starts or with different
    /// ways out of local minima; the best plan wins. OR-Tools' search uses one core, so 2 fills a 2-core machine
    /// when one region plans; 1 leaves the other core to the rest of the silo.</summary>
    public int SearchesAtOnce { get; init; } = 2;

    /// <summary>The clock <see cref="TimeLimit"/> is measured on: the limit covers the whole call (the travel matrix, the
    /// greedy start and the model), not only the search.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
