using CsCheck;
using ServiceGrid.Planning;

namespace ServiceGrid.Tests.Planning;

/// <summary>
/// Small random regions for the property tests: 1–4 engineers on shifts starting 06:00–08:00 and ending 15:00–18:00
/// with some of three skills, up to 14 visits in a 20 × 20 km area with windows, skills, priorities, SLA dues, and up
/// to two visits per engineer pinned at 09:00 and 13:00 (always reachable: the longest drive is 43 minutes).
/// </summary>
static class PlanningProblems
{
    public static readonly StraightLineTravel Travel = new(speedKmPerHour: 40);
    static readonly string[] Skills = ["electrical", "mechanical", "hydraulic"];
    static readonly TimeSpan[] PinnedStarts = [TimeSpan.FromHours(9), TimeSpan.FromHours(13)];

    static readonly Gen<Location> Place = Gen.Select(Gen.Double[0, 20], Gen.Double[0, 20], (x, y) => new Location(x, y));

    static readonly Gen<string?> Skill = Gen.Int[0, Skills.Length].Select(i => i == Skills.Length ? null : Skills[i]);

    static readonly Gen<Func<string, Engineer>> Engineers =
        Gen.Select(Place, Gen.Int[12, 16], Gen.Int[30, 36], Gen.Int[1, 7].Array[1, 3], Gen.Int[0, 6], (home, start, end, skills, capacity) =>
            new Func<string, Engineer>(id => new Engineer(id, home,
                new Window(TimeSpan.FromMinutes(30 * start), TimeSpan.FromMinutes(30 * end)),
                skills.Select(s => Skills[s % Skills.Length]).ToHashSet(), home, capacity < 2 ? null : capacity)));

    static readonly Gen<Func<string, Visit>> Visits =
        Gen.Select(Place, Gen.Int[14, 32], Gen.Int[0, 8], Gen.Int[2, 12], Gen.Int[1, 5], Skill, Gen.Bool, (place, start, length, duration, priority, skill, hasDue) =>
        {
            var window = new Window(TimeSpan.FromMinutes(30 * start), TimeSpan.FromMinutes(30 * (start + length)));
            return new Func<string, Visit>(id => new Visit(id, place, window, TimeSpan.FromMinutes(5 * duration), priority, skill,
                hasDue ? window.Start + TimeSpan.FromHours(1) : null));
        });

    public static readonly Gen<PlanningProblem> Problems =
        from engineers in Engineers.Array[1, 4]
        from visits in Visits.Array[0, 14]
        from pins in Gen.Int[0, 4].Array[visits.Length]
        select Build(engineers, visits, pins);

    static PlanningProblem Build(Func<string, Engineer>[] engineers, Func<string, Visit>[] visits, int[] pins)
    {
        var team = engineers.Select((make, k) => make($"eng-{k}")).ToList();
        var taken = new HashSet<(int, int)>();
        var work = visits.Select((make, v) =>
        {
            var visit = make($"visit-{v}");
            // Pin value p < 2 × engineers names an engineer and a slot; a slot is pinned once at most.
            var (engineer, slot) = (pins[v] / 2, pins[v] % 2);
            return engineer < team.Count && taken.Add((engineer, slot))
                ? visit with { Fixed = new FixedAssignment(team[engineer].Id, PinnedStarts[slot]) }
                : visit;
        }).ToList();
        // A capacity below the pinned visits would make the problem contradict itself.
        team = team.Select((e, k) => e.Capacity is { } c && c < work.Count(v => v.Fixed?.EngineerId == e.Id) ? e with { Capacity = null } : e).ToList();
        return new PlanningProblem(team, work, Travel);
    }

    /// <summary>The same problems every run: one generator output per fixed seed.</summary>
    public static IEnumerable<(ulong Seed, PlanningProblem Problem)> Fixed(int count, ulong firstSeed = 18) =>
        Enumerable.Range(0, count).Select(i => firstSeed + (ulong)i).Select(seed => (seed, Problems.Generate(new PCG(18, seed), null, out _)));
}
