using System.Collections.Immutable;
using ServiceGrid.Organization;

namespace ServiceGrid.Demo;

/// <summary>A depot to register: its id, profile and opening stock.</summary>
public sealed record DemoDepot(string Id, DepotProfile Profile, ImmutableArray<StockLine> Stock);

/// <summary>An engineer to register.</summary>
public sealed record DemoEngineer(string Id, EngineerProfile Profile);

/// <summary>
/// The demo organization of API.md as plain data: the same <c>seed</c> always gives the same engineers, customers,
/// installed base and stock, so every silo that starts computes the same organization.
/// </summary>
public sealed record DemoOrganization(
    ImmutableArray<RegionProfile> Regions,
    ImmutableArray<DemoDepot> Depots,
    ImmutableArray<DemoEngineer> Engineers,
    ImmutableArray<CustomerView> Customers)
{
    public const int CustomerCount = 210;
    public const int MinEngineersPerBranch = 4;
    /// <summary>Acceptance dates run back five years from here; fixed, so the data does not change with the day it is built.</summary>
    public static readonly DateTimeOffset ReferenceDate = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    /// <summary>How far from its city centre a customer site may be.</summary>
    public const double MaxSiteDistanceKm = 30;

    static readonly (DemoCities.Region Region, DemoCities.City City)[] Cities =
        [.. DemoCities.Regions.SelectMany(region => region.Cities.Select(city => (region, city)))];

    public IEnumerable<BranchProfile> Branches => Regions.SelectMany(region => region.Branches);

    public static DemoOrganization Create(int seed, int customers = CustomerCount)
    {
        var random = new Random(seed);
        return new DemoOrganization(
            DemoCities.Chart(),
            [.. CreateDepots(random)],
            [.. CreateEngineers(random)],
            [.. Enumerable.Range(1, customers).Select(n => CreateCustomer(n, random))]);
    }

    static IEnumerable<DemoDepot> CreateDepots(Random random)
    {
        // Service plan 2(3): a full set of parts everywhere, so that no customer waits for a part; HQ holds the reserve.
        yield return new DemoDepot(DemoCities.HeadquartersDepotId,
            new DepotProfile("HQ central spare-parts store", DemoCities.HeadquartersRegionId, null), Stock(random, 40, 80));
        foreach (var region in DemoCities.Regions)
        foreach (var city in region.Cities)
        {
            yield return new DemoDepot(DemoCities.DepotId(city.BranchId),
                new DepotProfile($"{city.Name} spare-parts store", region.Id, city.BranchId), Stock(random, 6, 15));
        }
    }

    static ImmutableArray<StockLine> Stock(Random random, int min, int max) =>
        [.. DemoCatalog.Skus.Select(sku => new StockLine(sku, random.Next(min, max + 1), 0))];

    static IEnumerable<DemoEngineer> CreateEngineers(Random random)
    {
        foreach (var region in DemoCities.Regions)
        foreach (var city in region.Cities)
        {
            var count = MinEngineersPerBranch + random.Next(3);
            for (var n = 1; n <= count; n++)
            {
                var name = $"{Pick(random, DemoCatalog.Surnames)} {Pick(random, DemoCatalog.GivenNames)}";
                yield return new DemoEngineer($"eng-{city.BranchId}-{n}",
                    new EngineerProfile(name, city.BranchId, region.Id, city.Location()));
            }
        }
    }

    static CustomerView CreateCustomer(int n, Random random)
    {
        // Customer n lives in city (n-1) mod 14 under trade name (n-1) div 14: names stay unique up to 224 customers.
        var (region, city) = Cities[(n - 1) % Cities.Length];
        var tradeName = DemoCatalog.TradeNames[(n - 1) / Cities.Length % DemoCatalog.TradeNames.Length];
        // Beyond 224 customers (a bench's organization) a number keeps the names unique.
        var round = (n - 1) / (Cities.Length * DemoCatalog.TradeNames.Length);
        var name = $"{city.Name} {tradeName}{(round > 0 ? $" {round + 1}" : "")} {Pick(random, DemoCatalog.Industries)}";

        var siteCount = random.NextDouble() < 0.3 ? 2 : 1;
        ImmutableArray<CustomerSite> sites =
        [
            .. Enumerable.Range(0, siteCount).Select(index => new CustomerSite(
                DemoCatalog.SiteNames[index == 0 ? 0 : 1 + random.Next(DemoCatalog.SiteNames.Length - 1)],
                Near(city.Location(), random), region.Id)),
        ];
        ImmutableArray<EquipmentUnit> equipment =
        [
            .. Enumerable.Range(1, 1 + random.Next(4)).Select(k => new EquipmentUnit(
                $"SN-{n}-{k}",
                Pick(random, DemoCatalog.Products).Model,
                ReferenceDate.AddDays(-random.Next(5 * 365)),
                random.Next(siteCount))),
        ];
        return new CustomerView($"cust-{n}", name, sites, equipment) { Contacts = Contacts(n, city) };
    }

    /// <summary>
    /// A main contact with the site's landline and a second one with a mobile, derived from <paramref name="n"/> alone
    /// (not drawn from the shared random): the rest of the organization stays as it was before customers had contacts.
    /// </summary>
    static ImmutableArray<CustomerContact> Contacts(int n, DemoCities.City city) =>
    [
        new($"{DemoCatalog.Surnames[n * 7 % DemoCatalog.Surnames.Length]} {DemoCatalog.GivenNames[n * 5 % DemoCatalog.GivenNames.Length]}",
            $"{DemoCities.AreaCode(city.BranchId)}-{60_000_000 + n * 7:D8}"),
        new($"{DemoCatalog.Surnames[n * 3 % DemoCatalog.Surnames.Length]} {DemoCatalog.GivenNames[n * 11 % DemoCatalog.GivenNames.Length]}",
            $"139{n:D8}"),
    ];

    /// <summary>A point 2 to <see cref="MaxSiteDistanceKm"/> km from <paramref name="centre"/> in a random direction.</summary>
    static GeoPoint Near(GeoPoint centre, Random random)
    {
        const double KmPerDegree = 111.32;
        var distance = 2 + random.NextDouble() * (MaxSiteDistanceKm - 2);
        var bearing = random.NextDouble() * 2 * Math.PI;
        var lat = centre.Lat + distance * Math.Cos(bearing) / KmPerDegree;
        var lon = centre.Lon + distance * Math.Sin(bearing) / (KmPerDegree * Math.Cos(centre.Lat * Math.PI / 180));
        return new GeoPoint(Math.Round(lat, 5), Math.Round(lon, 5));
    }

    static T Pick<T>(Random random, ImmutableArray<T> items) => items[random.Next(items.Length)];
}
