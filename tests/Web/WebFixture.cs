using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ServiceGrid.Organization;

namespace ServiceGrid.Tests.Web;

/// <summary>
/// The web process as shipped (cohosted silo, embedded mode) on its own ports, without the demo, with a small
/// organization of its own so that tests know every id: regions north (beijing, tianjin) and east (shanghai, hangzhou).
/// </summary>
public class WebFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Customer = "cust-web-1";
    public const string Serial = "SN-WEB-1";
    public static readonly GeoPoint BeijingSite = new(39.95, 116.35);
    public static readonly GeoPoint ShanghaiSite = new(31.20, 121.50);

    /// <summary>Configuration on top of the defaults; a test class may add its own (short SLA targets, limits).</summary>
    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["ServiceGrid:Demo:Organization"] = "false",
        ["ServiceGrid:Demo:Traffic"] = "false",
        ["Orleans:SiloPort"] = FreePort().ToString(),
        ["Orleans:GatewayPort"] = FreePort().ToString(),
        ["Orleans:ClusterId"] = $"web-tests-{Guid.NewGuid():N}",
        // Tests open cases far faster than any operator; RateLimitTests checks the limits themselves.
        ["ServiceGrid:RateLimits:IntakePerUserPerMinute"] = "0",
        ["ServiceGrid:RateLimits:SignInPerAddressPerMinute"] = "0",
    };

    readonly ConcurrentDictionary<string, Task<string>> _tokens = new();

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    /// <summary>A client signed in as one of the demo users (password <c>demo</c>): <c>hq</c>, <c>csc</c>, <c>branch-beijing</c>, …</summary>
    public ApiClient Api(string username = "hq") => new(CreateDefaultClient(new SignedInHandler(this, username)));

    public Task<string> TokenAsync(string username) => _tokens.GetOrAdd(username, SignInAsync);

    async Task<string> SignInAsync(string username)
    {
        using var response = await CreateClient().PostAsJsonAsync("/api/auth/token", new { username, password = "demo" });
        Assert.True(response.IsSuccessStatusCode, $"sign-in of {username}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
    }

    sealed class SignedInHandler(WebFixture web, string username) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await web.TokenAsync(username));
            return await base.SendAsync(request, cancellationToken);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
    }

    public virtual async Task InitializeAsync()
    {
        StartServer();
        await SeedOrganizationAsync(Grains);
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    static async Task SeedOrganizationAsync(IGrainFactory grains)
    {
        BranchProfile Branch(string id, string region, double lat, double lon) => new(id, id, region, new GeoPoint(lat, lon), $"depot-{id}");
        var north = new RegionProfile("north", "North", [Branch("beijing", "north", 39.90, 116.40), Branch("tianjin", "north", 39.13, 117.20)]);
        var east = new RegionProfile("east", "East", [Branch("shanghai", "east", 31.23, 121.47), Branch("hangzhou", "east", 30.27, 120.15)]);
        await grains.GetGrain<IOrganizationGrain>(IOrganizationGrain.Key).Define([north, east], onlyIfEmpty: true);

        foreach (var branch in north.Branches.Concat(east.Branches))
        {
            for (var n = 1; n <= 2; n++)
                await grains.GetGrain<IEngineerGrain>($"eng-{branch.Id}-{n}").Register(new EngineerProfile($"Engineer {n} of {branch.Id}", branch.Id, branch.RegionId, branch.Location));
            await grains.GetGrain<IDepotGrain>(branch.DepotId).Register(
                new DepotProfile($"Depot {branch.Id}", branch.RegionId, branch.Id), [new StockLine("PUMP-01", 5, 0), new StockLine("SEAL-02", 20, 0)]);
        }
        await grains.GetGrain<ICustomerGrain>(Customer).Register(new CustomerView(
            Customer, "Beijing Precision Works",
            [new CustomerSite("Plant 1", BeijingSite, "north"), new CustomerSite("Plant 2", ShanghaiSite, "east")],
            [new EquipmentUnit(Serial, "CNC-5000", new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero), 0)]));
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebFixture>
{
    public const string Name = "web";
}
