using ServiceGrid.Bench.Scenarios;
using ServiceGrid.Planning;

namespace ServiceGrid.Tests.Planning;

/// <summary>Issue #18: the routing core on a public benchmark, Solomon's C101 and R101 (bench/data/solomon).</summary>
public sealed class SolomonTests
{
    internal static string Instance(string name)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "OrleansService.sln"))) root = root.Parent!;
        return Path.Combine(SolomonInstance.DataFolder(root.FullName), $"{name}.txt");
    }

    [Theory]
    [InlineData("C101")]
    [InlineData("R101")]
    public void OrTools_visits_every_customer_once_inside_its_window_within_capacity_and_depot_hours(string name)
    {
        var instance = SolomonInstance.Load(Instance(name));
        Assert.Equal(100, instance.Customers.Count);

        var plan = new OrToolsPlanner().Plan(instance.ToProblem(), new PlannerSettings { GuidedLocalSearch = false, TimeLimit = TimeSpan.FromSeconds(20) });
        var (distance, vehicles, violations) = instance.Verify(plan);

        Assert.Empty(violations);
        Assert.Empty(plan.Unplanned);
        Assert.InRange(vehicles, 1, instance.Vehicles);
        Assert.InRange(distance, 0.9 * SolomonInstance.BestKnown(Path.GetDirectoryName(Instance(name))!)[name].Distance, double.MaxValue);
    }

    [Fact]
    public void The_checker_sees_a_customer_left_out()
    {
        var instance = SolomonInstance.Load(Instance("C101"));
        var plan = new GreedyInsertionPlanner().Plan(instance.ToProblem(), new PlannerSettings());
        var first = plan.Routes.First(r => r.Stops.Count > 0);
        var broken = plan with { Routes = [first with { Stops = first.Stops.Skip(1).ToList() }, .. plan.Routes.Where(r => r != first)] };

        Assert.Contains($"{first.Stops[0].VisitId} not visited", instance.Verify(broken).Violations);
    }
}
