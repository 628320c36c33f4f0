using ServiceGrid.Organization;
using ServiceGrid.Tests.Web;

namespace ServiceGrid.Tests.Security;

/// <summary>
/// Two cases, each worked by its own branch and engineer for its own customer: <see cref="OwnCase"/> belongs to
/// the users the matrix signs in as (branch-beijing, eng-beijing-1, cust-web-1), <see cref="ForeignCase"/> to
/// others (shanghai, eng-shanghai-1, cust-web-2). Each customer has one unit and one maintenance contract on it.
/// </summary>
public class AuthorizationFixture : WebFixture
{
    public const string ForeignCustomer = "cust-web-2";
    public const string ForeignSerial = "SN-WEB-2";

    public string OwnCase { get; private set; } = "";
    public string ForeignCase { get; private set; } = "";
    /// <summary>Faulty parts taken back on cases of the own and the foreign branch.</summary>
    public string OwnReturn { get; private set; } = "";
    public string ForeignReturn { get; private set; } = "";
    public string OwnContract { get; private set; } = "";
    public string ForeignContract { get; private set; } = "";
    /// <summary>A visit on each case, planned by hand onto the case's engineer (issue 18).</summary>
    public string OwnVisit { get; private set; } = "";
    public string ForeignVisit { get; private set; } = "";
    /// <summary>The visits' window, the day after tomorrow 09:00–17:00 in Shanghai, and a start inside it.</summary>
    public static readonly DateTimeOffset VisitWindowStart = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(2)).AddHours(1);
    public static readonly DateTimeOffset VisitWindowEnd = VisitWindowStart.AddHours(8);
    public static readonly DateTimeOffset VisitStart = VisitWindowStart.AddHours(1);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Grains.GetGrain<ICustomerGrain>(ForeignCustomer).Register(new CustomerView(
            ForeignCustomer, "Shanghai Optics", [new CustomerSite("Works", ShanghaiSite, "east")],
            [new EquipmentUnit(ForeignSerial, "CNC-5000", new DateTimeOffset(2022, 5, 1, 0, 0, 0, TimeSpan.Zero), 0)]));
        OwnCase = await WorkedCaseAsync(Customer, "north", "beijing", "eng-beijing-1");
        ForeignCase = await WorkedCaseAsync(ForeignCustomer, "east", "shanghai", "eng-shanghai-1");
        OwnReturn = await ReturnAsync(Customer, "north", "beijing");
        ForeignReturn = await ReturnAsync(ForeignCustomer, "east", "shanghai");
        OwnContract = await ContractAsync(Customer, Serial);
        ForeignContract = await ContractAsync(ForeignCustomer, ForeignSerial);
        OwnVisit = await PlannedVisitAsync(OwnCase, "eng-beijing-1");
        ForeignVisit = await PlannedVisitAsync(ForeignCase, "eng-shanghai-1");
    }

    /// <summary>A part taken back on a case of <paramref name="branchId"/> that an engineer of its own worked on site.</summary>
    async Task<string> ReturnAsync(string customerId, string region, string branchId)
    {
        var api = Api();
        var caseId = await WorkedCaseAsync(customerId, region, branchId, $"eng-{branchId}-2");
        await api.CommandAsync(caseId, "respond", new { note = "n" });
        await api.CommandAsync(caseId, "arrive");
        using var response = await api.PostAsync("/api/returns", new { caseId, sku = "PUMP-01", serial = $"SN-{branchId}" });
        return await IdOfAsync(response);
    }

    async Task<string> PlannedVisitAsync(string caseId, string engineerId)
    {
        var api = Api();
        using var booked = await api.PostAsync($"/api/cases/{caseId}/visits", new { windowStart = VisitWindowStart, windowEnd = VisitWindowEnd, durationMinutes = 60 });
        Assert.Equal(System.Net.HttpStatusCode.Created, booked.StatusCode);
        var visitId = await IdOfAsync(booked);
        using var planned = await api.Http.PutAsync($"/api/cases/{caseId}/visits/{visitId}/plan",
            System.Net.Http.Json.JsonContent.Create(new { engineerId, plannedStart = VisitStart }));
        Assert.Equal(System.Net.HttpStatusCode.OK, planned.StatusCode);
        return visitId;
    }

    async Task<string> ContractAsync(string customerId, string serial)
    {
        using var response = await Api().PostAsync("/api/contracts", new
        {
            customerId, serials = new[] { serial }, startsAt = "2025-01-01T00:00:00Z", endsAt = "2035-01-01T00:00:00Z",
        });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return await IdOfAsync(response);
    }

    static async Task<string> IdOfAsync(HttpResponseMessage response) =>
        System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();

    async Task<string> WorkedCaseAsync(string customerId, string region, string branchId, string engineerId)
    {
        var api = Api();
        using var response = await api.PostAsync("/api/cases", new
        {
            customerId, kind = "service", severity = "P3", channel = "portal", title = "Coolant leak", description = "Leak under the table", region,
        });
        var id = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        await api.CommandAsync(id, "claim", new { branchId });
        await api.CommandAsync(id, "dispatch", new { engineerId });
        return id;
    }
}
