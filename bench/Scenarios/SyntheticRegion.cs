using ServiceGrid.Planning;

namespace ServiceGrid.Bench.Scenarios;

/// <summary>
/// A made-up service region for one day, the same for the same seed: engineers living across a 60 × 60 km area on
/// 08:00–17:00 shifts with one to three of four skills; visits mostly in eight towns, 15–45 minutes long, in an
/// all-day, morning or afternoon window, 60 % needing a skill, P1 5 % (due 2 h after the window opens), P2 10 % (4 h),
/// P3–P5 the rest (no SLA within the day). Straight-line travel × 1.3 at 50 km/h.
/// </summary>
public static class SyntheticRegion
{
    const double SizeKm = 60;
    static readonly string[] Skills = ["electrical", "mechanical", "hydraulic", "controls"];

    public static PlanningProblem Generate(int seed, int visits, int engineers)
    {
        var random = new Random(seed);
        var towns = Enumerable.Range(0, 8).Select(_ => Anywhere(random)).ToArray();
        var shift = new Window(TimeSpan.FromHours(8), TimeSpan.FromHours(17));
        var team = Enumerable.Range(1, engineers).Select(n =>
        {
            var home = Anywhere(random);
            var skills = Skills.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).ToHashSet();
            return new Engineer($"r{seed}-eng-{n}", home, shift, skills, home, Capacity: 12);
        }).ToList();
        var work = Enumerable.Range(1, visits).Select(n =>
        {
            var location = random.NextDouble() < 0.7 ? Near(random, towns[random.Next(towns.Length)]) : Anywhere(random);
            var window = random.NextDouble() switch
            {
                < 0.3 => new Window(TimeSpan.FromHours(8), TimeSpan.FromHours(16)),
                < 0.65 => new Window(TimeSpan.FromHours(8), TimeSpan.FromHours(11.5)),
                _ => new Window(TimeSpan.FromHours(12), TimeSpan.FromHours(16)),
            };
            var priority = random.NextDouble() switch { < 0.05 => 1, < 0.15 => 2, < 0.45 => 3, < 0.75 => 4, _ => 5 };
            TimeSpan? due = priority switch { 1 => window.Start + TimeSpan.FromHours(2), 2 => window.Start + TimeSpan.FromHours(4), _ => null };
            var skill = random.NextDouble() < 0.6 ? Skills[random.Next(Skills.Length)] : null;
            return new Visit($"r{seed}-visit-{n}", location, window, TimeSpan.FromMinutes(15 + 5 * random.Next(7)), priority, skill, due);
        }).ToList();
        return new PlanningProblem(team, work, new StraightLineTravel(speedKmPerHour: 50, roadFactor: 1.3));
    }

    static Location Anywhere(Random random) => new(random.NextDouble() * SizeKm, random.NextDouble() * SizeKm);

    static Location Near(Random random, Location town) =>
        new(Math.Clamp(town.X + Gaussian(random) * 4, 0, SizeKm), Math.Clamp(town.Y + Gaussian(random) * 4, 0, SizeKm));

    static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
