using System.Security.Claims;

namespace ServiceGrid.Web.Security;

/// <summary>The roles of API.md "Sign-in and roles".</summary>
public static class Roles
{
    public const string Headquarters = "hq";
    public const string CustomerService = "csc";
    public const string Branch = "branch";
    public const string Engineer = "engineer";
    public const string Customer = "customer";
}

/// <summary>A signed-in user: the role, and the branch, region, engineer or customer it is limited to.</summary>
public sealed record GridUser(string Name, string Role, string? BranchId = null, string? RegionId = null, string? EngineerId = null, string? CustomerId = null)
{
    public const string NameClaim = "sub";
    public const string RoleClaim = "role";
    const string BranchClaim = "branch";
    const string RegionClaim = "region";
    const string EngineerClaim = "engineer";
    const string CustomerClaim = "customer";

    public bool Is(string role) => Role == role;

    public IEnumerable<Claim> ToClaims()
    {
        yield return new Claim(NameClaim, Name);
        yield return new Claim(RoleClaim, Role);
        if (BranchId is not null) yield return new Claim(BranchClaim, BranchId);
        if (RegionId is not null) yield return new Claim(RegionClaim, RegionId);
        if (EngineerId is not null) yield return new Claim(EngineerClaim, EngineerId);
        if (CustomerId is not null) yield return new Claim(CustomerClaim, CustomerId);
    }

    /// <summary>Binds handler parameters of this type to the signed-in user.</summary>
    public static ValueTask<GridUser?> BindAsync(HttpContext context) =>
        ValueTask.FromResult<GridUser?>(From(context.User) ?? throw DomainException.Forbidden("The signed-in identity has no ServiceGrid role."));

    /// <summary>The user a validated token names; null when it names none of the known roles.</summary>
    public static GridUser? From(ClaimsPrincipal principal) => principal is GridPrincipal grid ? grid.User : Read(principal);

    internal static GridUser? Read(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true) return null;
        var name = principal.FindFirstValue(NameClaim);
        var role = principal.FindFirstValue(RoleClaim);
        if (name is null || role is null) return null;
        return new GridUser(name, role, principal.FindFirstValue(BranchClaim), principal.FindFirstValue(RegionClaim),
            principal.FindFirstValue(EngineerClaim), principal.FindFirstValue(CustomerClaim));
    }
}

/// <summary>
/// A validated token's principal with its <see cref="GridUser"/> read once: a reused token (<see cref="ValidatedTokens"/>)
/// brings the same principal to every request, and the access filter and the handler both ask for the user.
/// </summary>
public sealed class GridPrincipal(ClaimsPrincipal validated) : ClaimsPrincipal(validated)
{
    public GridUser? User { get; } = GridUser.Read(validated);
}
