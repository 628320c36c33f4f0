using System.Text.RegularExpressions;
using ServiceGrid.Grains;
using ServiceGrid.Demo;

namespace ServiceGrid.Tests.Demo;

public sealed partial class DemoOrganizationTests
{
    static readonly DemoOrganization Organization = DemoOrganization.Create(new DemoOptions().Seed);

    [Fact]
    public void The_same_seed_gives_the_same_organization()
    {
        var again = DemoOrganization.Create(new DemoOptions().Seed);
        Assert.Equal(Organization.Customers.Select(c => (c.Name, c.Sites.Length, c.Equipment.Length)),
            again.Customers.Select(c => (c.Name, c.Sites.Length, c.Equipment.Length)));
        Assert.Equal(Organization.Engineers.ToArray(), again.Engineers.ToArray());
    }

    [Fact]
    public void Has_the_seven_regions_and_fourteen_branches_of_the_api()
    {
        var expected = new Dictionary<string, string[]>
        {
            ["north"] = ["beijing", "tianjin"], ["northeast"] = ["shenyang", "harbin"], ["east"] = ["shanghai", "hangzhou"],
            ["south"] = ["guangzhou", "shenzhen"], ["central"] = ["wuhan", "changsha"], ["southwest"] = ["chengdu", "chongqing"],
            ["northwest"] = ["xian", "lanzhou"],
        };
        Assert.Equal(expected.Keys.Order(), Organization.Regions.Select(r => r.Id).Order());
        foreach (var region in Organization.Regions)
        {
            Assert.Equal(expected[region.Id], region.Branches.Select(b => b.Id));
            Assert.All(region.Branches, branch => Assert.Equal(region.Id, branch.RegionId));
            Assert.All(region.Branches, branch => Assert.Equal($"depot-{branch.Id}", branch.DepotId));
        }
    }

    [Fact]
    public void Branches_stand_at_their_real_city_coordinates()
    {
        var beijing = Organization.Branches.Single(b => b.Id == "beijing").Location;
        Assert.InRange(GeoMath.DistanceKm(beijing, new GeoPoint(39.90, 116.40)), 0, 5);
        var guangzhou = Organization.Branches.Single(b => b.Id == "guangzhou").Location;
        Assert.InRange(GeoMath.DistanceKm(guangzhou, new GeoPoint(23.13, 113.26)), 0, 5);
        Assert.All(Organization.Branches, branch => AssertInChina(branch.Location));
    }

    [Fact]
    public void Every_branch_has_at_least_four_engineers_based_in_its_city()
    {
        foreach (var branch in Organization.Branches)
        {
            var engineers = Organization.Engineers.Where(e => e.Profile.BranchId == branch.Id).ToList();
            Assert.True(engineers.Count >= 4, $"{branch.Id} has {engineers.Count} engineers");
            Assert.Equal(Enumerable.Range(1, engineers.Count).Select(n => $"eng-{branch.Id}-{n}"), engineers.Select(e => e.Id));
            Assert.All(engineers, e => Assert.Equal(branch.Location, e.Profile.Base));
            Assert.All(engineers, e => Assert.Equal(branch.RegionId, e.Profile.RegionId));
            Assert.All(engineers, e => Assert.Matches("^[A-Z][a-z]+ [A-Z][a-z]+$", e.Profile.Name));
        }
    }

    [Fact]
    public void Has_at_least_200_customers_with_sites_near_a_city_of_their_region()
    {
        Assert.True(Organization.Customers.Length >= 200);
        Assert.Equal(Enumerable.Range(1, Organization.Customers.Length).Select(n => $"cust-{n}"), Organization.Customers.Select(c => c.Id));
        Assert.Equal(Organization.Customers.Length, Organization.Customers.Select(c => c.Name).Distinct().Count());
        foreach (var customer in Organization.Customers)
        {
            Assert.InRange(customer.Sites.Length, 1, 2);
            foreach (var site in customer.Sites)
            {
                AssertInChina(site.Location);
                var nearest = Organization.Branches.MinBy(b => GeoMath.DistanceKm(b.Location, site.Location))!;
                Assert.Equal(nearest.RegionId, site.RegionId);
                Assert.InRange(GeoMath.DistanceKm(nearest.Location, site.Location), 1, 40);
            }
        }
    }

    [Fact]
    public void Equipment_is_numbered_per_customer_and_accepted_over_five_years()
    {
        var units = Organization.Customers.SelectMany(c => c.Equipment.Select(unit => (Customer: c, Unit: unit))).ToList();
        foreach (var (customer, unit) in units)
        {
            var match = SerialPattern().Match(unit.Serial);
            Assert.True(match.Success, unit.Serial);
            Assert.Equal(customer.Id, $"cust-{match.Groups[1].Value}");
            Assert.InRange(unit.SiteIndex, 0, customer.Sites.Length - 1);
            Assert.InRange(unit.AcceptedAt, DemoOrganization.ReferenceDate.AddYears(-5), DemoOrganization.ReferenceDate);
        }
        // Spread: every one of the five years holds a fair share of the installed base.
        var byYear = units.GroupBy(u => (int)((DemoOrganization.ReferenceDate - u.Unit.AcceptedAt).TotalDays / 365)).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(Enumerable.Range(0, 5), year => Assert.True(byYear.GetValueOrDefault(year) > units.Count / 10, $"year {year}: {byYear.GetValueOrDefault(year)}"));
    }

    [Fact]
    public void Every_depot_stocks_at_least_ten_skus_with_several_units_and_hq_holds_more()
    {
        var expected = Organization.Branches.Select(b => b.DepotId).Append("depot-hq").Order();
        Assert.Equal(expected, Organization.Depots.Select(d => d.Id).Order());
        Assert.All(Organization.Depots, depot =>
        {
            Assert.True(depot.Stock.Length >= 10, $"{depot.Id} stocks {depot.Stock.Length} SKUs");
            Assert.All(depot.Stock, line => Assert.True(line.OnHand >= 3 && line.Reserved == 0, $"{depot.Id} {line.Sku}"));
        });
        var hq = Organization.Depots.Single(d => d.Id == "depot-hq");
        Assert.Equal("north", hq.Profile.RegionId);
        Assert.True(hq.Stock.Min(l => l.OnHand) > Organization.Depots.Where(d => d != hq).Max(d => d.Stock.Max(l => l.OnHand)));
        Assert.All(DemoCatalog.Products.SelectMany(p => p.Parts), sku => Assert.Contains(sku, hq.Stock.Select(l => l.Sku)));
    }

    static void AssertInChina(GeoPoint point)
    {
        Assert.InRange(point.Lat, 18, 54);
        Assert.InRange(point.Lon, 73, 135);
    }

    [GeneratedRegex(@"^SN-(\d+)-[1-9]\d*$")]
    private static partial Regex SerialPattern();
}
