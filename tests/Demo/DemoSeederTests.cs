using System.Collections.Immutable;
using ServiceGrid.Organization;
using ServiceGrid.Demo;

namespace ServiceGrid.Tests.Demo;

public sealed class DemoSeederTests(SeededClusterFixture fixture) : IClassFixture<SeededClusterFixture>
{
    static readonly TimeSpan LoadTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Two_silos_starting_together_load_the_organization_once_and_a_second_load_keeps_live_state()
    {
        var grains = fixture.Grains;
        var organization = fixture.Organization;
        Assert.True(await DemoClusterFixture.EventuallyAsync(() => IsLoadedAsync(grains, organization), LoadTimeout),
            "The demo organization was not loaded in time.");

        var chart = await grains.GetGrain<IOrganizationGrain>(IOrganizationGrain.Key).Get();
        // Both silos' seeders ran; only one defined the chart.
        Assert.Equal(1, chart.Version);
        Assert.Equal(organization.Regions.Select(r => r.Id), chart.Regions.Select(r => r.Id));
        Assert.Equal(organization.Branches, chart.Regions.SelectMany(r => r.Branches));

        // Live state after the load: an engineer on the road, parts taken from a depot.
        var engineer = grains.GetGrain<IEngineerGrain>("eng-beijing-1");
        var onTheRoad = new GeoPoint(39.95, 116.50);
        var moved = await engineer.Move(onTheRoad);
        await engineer.Assign("case-seeder-test");
        var depot = grains.GetGrain<IDepotGrain>("depot-beijing");
        var sku = DemoCatalog.Skus[0];
        await depot.Consume("seeder-test", [new PartRequest(sku, 2)]);
        var stockBefore = (await depot.GetStock())!.Value;
        var customerBefore = await grains.GetGrain<ICustomerGrain>("cust-1").Get();

        var definedAgain = await new DemoLoader(grains, organization).LoadAsync(CancellationToken.None);

        Assert.False(definedAgain);
        Assert.Equal(1, (await grains.GetGrain<IOrganizationGrain>(IOrganizationGrain.Key).Get()).Version);
        var after = (await engineer.Get())!;
        Assert.Equal(onTheRoad, after.Location);
        Assert.Equal("case-seeder-test", after.CurrentCaseId);
        Assert.Equal(moved.Version + 1, after.Version);
        Assert.Equal(stockBefore.ToArray(), (await depot.GetStock())!.Value.ToArray());
        Assert.Equal(organization.Depots.Single(d => d.Id == "depot-beijing").Stock.Single(l => l.Sku == sku).OnHand - 2,
            stockBefore.Single(l => l.Sku == sku).OnHand);
        AssertSameCustomer(customerBefore!, (await grains.GetGrain<ICustomerGrain>("cust-1").Get())!);
        await engineer.Release("case-seeder-test");
    }

    static async Task<bool> IsLoadedAsync(IGrainFactory grains, DemoOrganization organization)
    {
        var customers = await Task.WhenAll(organization.Customers.Select(c => grains.GetGrain<ICustomerGrain>(c.Id).Get()));
        var engineers = await Task.WhenAll(organization.Engineers.Select(e => grains.GetGrain<IEngineerGrain>(e.Id).Get()));
        var depots = await Task.WhenAll(organization.Depots.Select(d => grains.GetGrain<IDepotGrain>(d.Id).GetStock()));
        return customers.All(c => c is not null) && engineers.All(e => e is not null)
            && depots.All(stock => stock is { } lines && lines.Length == DemoCatalog.Skus.Length);
    }

    [Fact]
    public async Task Loaded_customers_and_engineers_are_the_demo_data()
    {
        var grains = fixture.Grains;
        Assert.True(await DemoClusterFixture.EventuallyAsync(() => IsLoadedAsync(grains, fixture.Organization), LoadTimeout));
        var expected = fixture.Organization.Customers[^1];
        AssertSameCustomer(expected, (await grains.GetGrain<ICustomerGrain>(expected.Id).Get())!);
        var engineer = fixture.Organization.Engineers.Single(e => e.Id == "eng-lanzhou-2");
        var view = (await grains.GetGrain<IEngineerGrain>(engineer.Id).Get())!;
        Assert.Equal((engineer.Profile.Name, "lanzhou", "northwest"), (view.Name, view.BranchId, view.RegionId));
        ImmutableArray<StockLine> hq = (await grains.GetGrain<IDepotGrain>("depot-hq").GetStock())!.Value;
        Assert.Equal(fixture.Organization.Depots.Single(d => d.Id == "depot-hq").Stock.OrderBy(l => l.Sku, StringComparer.Ordinal).ToArray(), hq.ToArray());
    }

    static void AssertSameCustomer(CustomerView expected, CustomerView actual)
    {
        Assert.Equal((expected.Id, expected.Name), (actual.Id, actual.Name));
        Assert.Equal(expected.Sites.ToArray(), actual.Sites.ToArray());
        Assert.Equal(expected.Equipment.ToArray(), actual.Equipment.ToArray());
    }
}
