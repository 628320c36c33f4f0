using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using ServiceGrid.Organization;
using ServiceGrid.Web.Api;

namespace ServiceGrid.Web.Security;

/// <summary>
/// Who may sign in: the configured users (hashed passwords) and, where enabled, the demo users of API.md, whose
/// names are the ids of the organization (<c>branch-{branchId}</c>, <c>eng-…</c>, <c>cust-…</c>) and exist only
/// while that branch, engineer or customer does.
/// </summary>
public sealed class UserDirectory(IOptions<AuthOptions> options, IOrganizationDirectory organization, IGrainFactory grains)
{
    const string DemoPassword = "demo";
    const string BranchUserPrefix = "branch-";

    public async Task<GridUser?> SignInAsync(string username, string password)
    {
        if (!GridIdConstraint.IsValid(username)) return null;
        if (options.Value.Users.FirstOrDefault(u => u.Username == username) is { } configured)
            return PasswordHashing.Verify(password, configured.PasswordHash) ? await ResolveAsync(configured) : null;
        if (!options.Value.DemoUsersEnabled || !IsDemoPassword(password)) return null;
        return await DemoUserAsync(username);
    }

    async Task<GridUser?> DemoUserAsync(string username) => username switch
    {
        Roles.Headquarters => new GridUser(username, Roles.Headquarters),
        Roles.CustomerService => new GridUser(username, Roles.CustomerService),
        _ when username.StartsWith(BranchUserPrefix, StringComparison.Ordinal) =>
            await BranchUserAsync(username, username[BranchUserPrefix.Length..]),
        _ when username.StartsWith("eng-", StringComparison.Ordinal) => await EngineerUserAsync(username, username),
        _ when username.StartsWith("cust-", StringComparison.Ordinal) => await CustomerUserAsync(username, username),
        _ => null,
    };

    async Task<GridUser?> ResolveAsync(ConfiguredUser user) => user.Role switch
    {
        Roles.Headquarters or Roles.CustomerService => new GridUser(user.Username, user.Role),
        Roles.Branch when user.BranchId is { } branchId => await BranchUserAsync(user.Username, branchId),
        Roles.Engineer when user.EngineerId is { } engineerId => await EngineerUserAsync(user.Username, engineerId),
        Roles.Customer when user.CustomerId is { } customerId => await CustomerUserAsync(user.Username, customerId),
        _ => null,
    };

    async Task<GridUser?> BranchUserAsync(string username, string branchId) =>
        await organization.FindBranchAsync(branchId) is { } branch ? new GridUser(username, Roles.Branch, branch.Id, branch.RegionId) : null;

    async Task<GridUser?> EngineerUserAsync(string username, string engineerId) =>
        await grains.GetGrain<IEngineerGrain>(engineerId).Get() is { } engineer
            ? new GridUser(username, Roles.Engineer, engineer.BranchId, engineer.RegionId, EngineerId: engineer.Id)
            : null;

    async Task<GridUser?> CustomerUserAsync(string username, string customerId) =>
        await grains.GetGrain<ICustomerGrain>(customerId).Get() is { } customer
            ? new GridUser(username, Roles.Customer, CustomerId: customer.Id)
            : null;

    static bool IsDemoPassword(string password) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(DemoPassword));
}
