using System.Collections.Immutable;
using ServiceGrid.Organization;

namespace ServiceGrid.Demo;

/// <summary>The demo organization's regions and branch cities (API.md "Ids of the built-in demo organization").</summary>
public static class DemoCities
{
    public const string HeadquartersDepotId = "depot-hq";
    /// <summary>HQ sits in Beijing, so its central depot belongs to the north region.</summary>
    public const string HeadquartersRegionId = "north";

    public sealed record City(string BranchId, string Name, double Lat, double Lon);

    public sealed record Region(string Id, string Name, City First, City Second)
    {
        public ImmutableArray<City> Cities => [First, Second];
    }

    /// <summary>City centres (WGS-84, city hall or equivalent), two branch cities per region.</summary>
    public static readonly ImmutableArray<Region> Regions =
    [
        new("north", "North China", new("beijing", "Beijing", 39.9042, 116.4074), new("tianjin", "Tianjin", 39.0842, 117.2010)),
        new("northeast", "Northeast China", new("shenyang", "Shenyang", 41.8057, 123.4315), new("harbin", "Harbin", 45.8038, 126.5350)),
        new("east", "East China", new("shanghai", "Shanghai", 31.2304, 121.4737), new("hangzhou", "Hangzhou", 30.2741, 120.1551)),
        new("south", "South China", new("guangzhou", "Guangzhou", 23.1291, 113.2644), new("shenzhen", "Shenzhen", 22.5431, 114.0579)),
        new("central", "Central China", new("wuhan", "Wuhan", 30.5928, 114.3055), new("changsha", "Changsha", 28.2282, 112.9388)),
        new("southwest", "Southwest China", new("chengdu", "Chengdu", 30.5728, 104.0668), new("chongqing", "Chongqing", 29.5630, 106.5516)),
        new("northwest", "Northwest China", new("xian", "Xi'an", 34.3416, 108.9398), new("lanzhou", "Lanzhou", 36.0611, 103.8343)),
    ];

    public static string DepotId(string branchId) => $"depot-{branchId}";

    /// <summary>The telephone area code (with the trunk prefix 0) of a branch city, for the demo customers' landlines.</summary>
    public static string AreaCode(string branchId) => branchId switch
    {
        "beijing" => "010", "tianjin" => "022", "shenyang" => "024", "harbin" => "0451", "shanghai" => "021",
        "hangzhou" => "0571", "guangzhou" => "020", "shenzhen" => "0755", "wuhan" => "027", "changsha" => "0731",
        "chengdu" => "028", "chongqing" => "023", "xian" => "029", "lanzhou" => "0931",
        _ => "010",
    };

    /// <summary>The branches of a region; empty for a region that is not the demo's.</summary>
    public static ImmutableArray<string> BranchesOf(string regionId) =>
        Regions.FirstOrDefault(region => region.Id == regionId) is { } region ? [region.First.BranchId, region.Second.BranchId] : [];

    /// <summary>Where a branch support center is; the map's origin for an unknown branch.</summary>
    public static GeoPoint BranchLocation(string branchId) =>
        Regions.SelectMany(region => region.Cities).FirstOrDefault(city => city.BranchId == branchId)?.Location() ?? new GeoPoint(0, 0);

    public static GeoPoint Location(this City city) => new(city.Lat, city.Lon);

    /// <summary>The chart handed to <see cref="IOrganizationGrain.Define"/>.</summary>
    public static ImmutableArray<RegionProfile> Chart() =>
    [
        .. Regions.Select(region => new RegionProfile(region.Id, region.Name,
        [
            .. region.Cities.Select(city => new BranchProfile(
                city.BranchId, $"{city.Name} branch support center", region.Id, city.Location(), DepotId(city.BranchId))),
        ])),
    ];
}
