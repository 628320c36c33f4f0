using System.Collections.Immutable;
using ServiceGrid.Cases;
using ServiceGrid.Organization;

namespace ServiceGrid.Tests.Infrastructure;

/// <summary>
/// The minimal organization the cluster tests need: three regions with two branches each, one customer per region,
/// and helpers that register fresh engineers and depots so tests never share mutable organization state.
/// </summary>
public static class TestOrganization
{
    public const string North = "north";
    public const string East = "east";
    public const string South = "south";

    public const string Beijing = "beijing";
    public const string Tianjin = "tianjin";
    public const string Shanghai = "shanghai";
    public const string Hangzhou = "hangzhou";
    public const string Guangzhou = "guangzhou";
    public const string Shenzhen = "shenzhen";

    public const string NorthCustomer = "cust-north";
    public const string EastCustomer = "cust-east";
    public const string SouthCustomer = "cust-south";

    static readonly ImmutableArray<RegionProfile> Regions =
    [
        Region(North, (Beijing, new GeoPoint(39.90, 116.40)), (Tianjin, new GeoPoint(39.08, 117.20))),
        Region(East, (Shanghai, new GeoPoint(31.23, 121.47)), (Hangzhou, new GeoPoint(30.27, 120.15))),
        Region(South, (Guangzhou, new GeoPoint(23.13, 113.26)), (Shenzhen, new GeoPoint(22.54, 114.06))),
    ];

    public static async Task DefineAsync(IGrainFactory grains)
    {
        await grains.GetGrain<IOrganizationGrain>(IOrganizationGrain.Key).Define(Regions, onlyIfEmpty: false);
        await Customer(grains, NorthCustomer, North, new GeoPoint(39.95, 116.30));
        await Customer(grains, EastCustomer, East, new GeoPoint(31.20, 121.40));
        await Customer(grains, SouthCustomer, South, new GeoPoint(23.10, 113.30));
    }

    public static string CustomerOf(string region) => region switch
    {
        North => NorthCustomer,
        East => EastCustomer,
        South => SouthCustomer,
        _ => throw new ArgumentOutOfRangeException(nameof(region), region, null),
    };

    public static string RegionOf(string branchId) =>
        Regions.Single(r => r.Branches.Any(b => b.Id == branchId)).Id;

    /// <summary>A new request for a case in <paramref name="region"/>, as the customer service center would enter it.</summary>
    public static OpenCase Request(Severity severity, string region = North, CaseKind kind = CaseKind.Service, string? title = null) => new()
    {
        CustomerId = CustomerOf(region),
        Kind = kind,
        Severity = severity,
        Channel = Channel.Hotline,
        Title = title ?? $"{severity} fault",
        Description = "Line 3 controller does not start.",
        Region = region,
        Actor = "csc",
    };

    public static string NewCaseId() => $"case-{Guid.NewGuid():N}";

    /// <summary>Opens a fresh case in <paramref name="region"/>.</summary>
    public static Task<CaseView> OpenCaseAsync(this IGrainFactory grains, Severity severity, string region = North, CaseKind kind = CaseKind.Service) =>
        grains.GetGrain<ICaseGrain>(NewCaseId()).Open(Request(severity, region, kind));

    /// <summary>Registers a new, available engineer of <paramref name="branchId"/>.</summary>
    public static async Task<string> NewEngineerAsync(this IGrainFactory grains, string branchId)
    {
        var id = $"eng-{branchId}-{Guid.NewGuid():N}";
        await grains.GetGrain<IEngineerGrain>(id).Register(
            new EngineerProfile($"Engineer of {branchId}", branchId, RegionOf(branchId), new GeoPoint(39.9, 116.4)));
        return id;
    }

    /// <summary>Registers a new depot of <paramref name="branchId"/> holding <paramref name="stock"/>.</summary>
    public static async Task<string> NewDepotAsync(this IGrainFactory grains, string branchId, params StockLine[] stock)
    {
        var id = $"depot-{branchId}-{Guid.NewGuid():N}";
        await grains.GetGrain<IDepotGrain>(id).Register(new DepotProfile($"Depot of {branchId}", RegionOf(branchId), branchId), [.. stock]);
        return id;
    }

    /// <summary>Takes a new case of <paramref name="severity"/> through claim and dispatch; answers the case and its engineer.</summary>
    public static async Task<(ICaseGrain Case, string EngineerId)> DispatchedCaseAsync(this IGrainFactory grains, Severity severity, string branchId = Beijing)
    {
        var view = await grains.OpenCaseAsync(severity, RegionOf(branchId));
        var grain = grains.GetGrain<ICaseGrain>(view.Id);
        await grain.Claim(branchId, $"branch-{branchId}");
        var engineerId = await grains.NewEngineerAsync(branchId);
        await grain.Dispatch(engineerId, $"branch-{branchId}");
        return (grain, engineerId);
    }

    static RegionProfile Region(string id, params (string Id, GeoPoint Location)[] branches) =>
        new(id, id, [.. branches.Select(b => new BranchProfile(b.Id, b.Id, id, b.Location, $"depot-{b.Id}"))]);

    static Task Customer(IGrainFactory grains, string id, string region, GeoPoint site) =>
        grains.GetGrain<ICustomerGrain>(id).Register(new CustomerView(id, $"Customer {id}",
            [new CustomerSite("Plant", site, region)],
            [new EquipmentUnit($"SN-{id}-1", "GX-200", new DateTimeOffset(2025, 1, 15, 0, 0, 0, TimeSpan.Zero), 0)]));
}
