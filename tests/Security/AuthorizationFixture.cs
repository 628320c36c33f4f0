using ServiceGrid.Organization;
using ServiceGrid.Tests.Web;

namespace ServiceGrid.Tests.Security;

/// <summary>
/// Two cases, each worked by its own branch and engineer for its own customer: <see cref="OwnCase"/> belongs to
/// the users the matrix signs in as (branch-beijing, eng-beijing-1, cust-web-1), <see cref="ForeignCase"/> to
/// others (shanghai, eng-shanghai-1, cust-web-2).
/// </summary>
public class AuthorizationFixture : WebFixture
{
    public const string ForeignCustomer = "cust-web-2";

    public string OwnCase { get; private set; } = "";
    public string ForeignCase { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Grains.GetGrain<ICustomerGrain>(ForeignCustomer).Register(new CustomerView(
            ForeignCustomer, "Shanghai Optics", [new CustomerSite("Works", ShanghaiSite, "east")], []));
        OwnCase = await WorkedCaseAsync(Customer, "north", "beijing", "eng-beijing-1");
        ForeignCase = await WorkedCaseAsync(ForeignCustomer, "east", "shanghai", "eng-shanghai-1");
    }

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
