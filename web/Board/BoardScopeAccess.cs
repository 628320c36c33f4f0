using ServiceGrid.Board;
using ServiceGrid.Organization;
using ServiceGrid.Web.Api;

namespace ServiceGrid.Web.Board;

/// <summary>
/// Whether a scope is spelled right and exists, for the hub and the snapshot alike; who may watch it is
/// <see cref="Security.AccessRules.MayWatchBoard"/>.
/// </summary>
public sealed class BoardScopeAccess(IOrganizationDirectory organization, IGrainFactory grains)
{
    /// <summary>Why <paramref name="scope"/> is not spelled as a scope, or null when it is.</summary>
    public static string? FormatError(string? scope) =>
        scope == BoardScopes.Headquarters || BoardScopes.BranchOf(scope ?? "") is not null
        || BoardScopes.CustomerOf(scope ?? "") is { } customerId && GridIdConstraint.IsValid(customerId)
            ? null
            : "'scope' must be 'hq', 'branch:{id}' or 'customer:{id}'.";

    /// <summary>Throws <see cref="DomainException"/> (not found) for the scope of a branch or a customer that does not exist.</summary>
    public async ValueTask RequireAsync(string scope)
    {
        if (BoardScopes.BranchOf(scope) is { } branchId && await organization.FindBranchAsync(branchId) is null)
            throw DomainException.NotFound("Branch", branchId);
        if (BoardScopes.CustomerOf(scope) is { } customerId && await grains.GetGrain<ICustomerGrain>(customerId).Get() is null)
            throw DomainException.NotFound("Customer", customerId);
    }
}
