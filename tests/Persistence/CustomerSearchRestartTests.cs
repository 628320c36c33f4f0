using ServiceGrid.Organization;
using ServiceGrid.Tests.Infrastructure;

namespace ServiceGrid.Tests.Persistence;

/// <summary>The customer search's index keeps nothing itself: after a restart it is rebuilt from the stored cards.</summary>
[Collection(PostgresCollection.Name)]
public sealed class CustomerSearchRestartTests(PostgresServer server)
{
    [Fact]
    public async Task After_a_restart_the_search_finds_the_customers_registered_before_it()
    {
        var database = await server.CreateDatabaseAsync("customer_search");
        await using (var first = await DurableSilo.StartAsync(database, "search"))
        {
            await first.Grains.GetGrain<IOrganizationGrain>(IOrganizationGrain.Key).Define(
                [new RegionProfile("north", "North", [new BranchProfile("beijing", "beijing", "north", new GeoPoint(39.9, 116.4), "depot-beijing")])],
                onlyIfEmpty: true);
            await first.Grains.GetGrain<ICustomerGrain>("cust-pg-9").Register(new CustomerView("cust-pg-9", "Tangshan Cement Works",
                [new CustomerSite("Kiln", new GeoPoint(39.6, 118.2), "north")],
                [new EquipmentUnit("SN-PG-9", "UPS-60K power system", new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), 0)])
            {
                Contacts = [new CustomerContact("Ma Jun", "0315-61234567")],
            });
            Assert.Equal(["cust-pg-9"], (await first.Grains.GetGrain<ICustomerSearchGrain>(0).Search("cement", 5)).Select(c => c.Id));
        }

        await using var second = await DurableSilo.StartAsync(database, "search");
        var found = await second.Grains.GetGrain<ICustomerSearchGrain>(0).Search("0315 6123", 5);

        Assert.Equal(["cust-pg-9"], found.Select(c => c.Id));
        Assert.Equal("Ma Jun", found[0].Contacts[0].Name);
        Assert.Equal(["SN-PG-9"], found[0].Units.Select(u => u.Serial));
    }
}
