using System.Globalization;
using ServiceGrid.Planning;

namespace ServiceGrid.Bench.Scenarios;

/// <summary>A node of a Solomon instance, times in Solomon's units.</summary>
public sealed record SolomonNode(int Number, double X, double Y, int Demand, double Ready, double Due, double Service);

/// <summary>
/// One of Solomon's VRPTW instances (bench/data/solomon, its README says where they come from and the conventions):
/// read, turned into a planning problem (a unit is 1 km and 1 minute), and a plan checked with real-valued distances.
/// Compiled into the tests too.
/// </summary>
public sealed record SolomonInstance(string Name, int Vehicles, int Capacity, SolomonNode Depot, IReadOnlyList<SolomonNode> Customers)
{
    /// <summary>Solomon's fleet for the 100-customer sets.</summary>
    const int Fleet = 25;

    public static string DataFolder(string repositoryRoot) => Path.Combine(repositoryRoot, "bench", "data", "solomon");

    public static SolomonInstance Load(string path)
    {
        var lines = File.ReadAllLines(path).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(l => l.Length > 0).ToList();
        var capacity = int.Parse(lines[0][0], CultureInfo.InvariantCulture);
        var nodes = lines.Skip(1).Select(f => f.Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())
            .Select(v => new SolomonNode((int)v[0], v[1], v[2], (int)v[3], v[4], v[5], v[6])).ToList();
        return new SolomonInstance(Path.GetFileNameWithoutExtension(path), Fleet, capacity, nodes[0], nodes.Skip(1).ToList());
    }

    public PlanningProblem ToProblem()
    {
        var depot = new Location(Depot.X, Depot.Y);
        var engineers = Enumerable.Range(1, Vehicles)
            .Select(n => new Engineer($"vehicle-{n}", depot, new Window(Minutes(Depot.Ready), Minutes(Depot.Due)), new HashSet<string>(), depot, Capacity))
            .ToList();
        var visits = Customers
            .Select(c => new Visit(Id(c), new Location(c.X, c.Y), new Window(Minutes(c.Ready), Minutes(c.Due)), Minutes(c.Service), 3, Demand: c.Demand))
            .ToList();
        return new PlanningProblem(engineers, visits, new StraightLineTravel(speedKmPerHour: 60));
    }

    /// <summary>The plan's total distance with real numbers, and every way it fails Solomon's rules.</summary>
    public (double Distance, int Vehicles, IReadOnlyList<string> Violations) Verify(Plan plan)
    {
        var byId = Customers.ToDictionary(Id);
        var violations = new List<string>();
        var seen = new HashSet<string>();
        double distance = 0;
        var vehicles = 0;
        foreach (var route in plan.Routes.Where(r => r.Stops.Count > 0))
        {
            vehicles++;
            var (time, load, previous) = (Depot.Ready, 0, Depot);
            foreach (var stop in route.Stops)
            {
                var customer = byId[stop.VisitId];
                if (!seen.Add(stop.VisitId)) violations.Add($"{stop.VisitId} visited twice");
                var leg = Between(previous, customer);
                distance += leg;
                var start = Math.Max(time + leg, customer.Ready);
                if (start > customer.Due + 1e-6) violations.Add($"{stop.VisitId} starts at {start:0.00}, after its due {customer.Due}");
                load += customer.Demand;
                time = start + customer.Service;
                previous = customer;
            }
            distance += Between(previous, Depot);
            if (time + Between(previous, Depot) > Depot.Due + 1e-6) violations.Add($"{route.EngineerId} returns after the depot closes");
            if (load > Capacity) violations.Add($"{route.EngineerId} carries {load} > {Capacity}");
        }
        violations.AddRange(Customers.Select(Id).Where(id => !seen.Contains(id)).Select(id => $"{id} not visited"));
        return (distance, vehicles, violations);
    }

    /// <summary>Best-known vehicles and distance by instance name (bench/data/solomon/best-known.tsv).</summary>
    public static IReadOnlyDictionary<string, (int Vehicles, double Distance)> BestKnown(string dataFolder) =>
        File.ReadLines(Path.Combine(dataFolder, "best-known.tsv")).Skip(1).Select(l => l.Split('\t'))
            .ToDictionary(f => f[0], f => (int.Parse(f[1], CultureInfo.InvariantCulture), double.Parse(f[2], CultureInfo.InvariantCulture)));

    static string Id(SolomonNode node) => $"c{node.Number}";

    static TimeSpan Minutes(double value) => TimeSpan.FromMinutes(value);

    static double Between(SolomonNode a, SolomonNode b) => Math.Sqrt(Math.Pow(a.X - b.X, 2) + Math.Pow(a.Y - b.Y, 2));
}
