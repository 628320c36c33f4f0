using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using ServiceGrid.Cases;
using ServiceGrid.Events;
using ServiceGrid.Organization;
using ServiceGrid.Web.Security;

namespace ServiceGrid.Web.Api;

/// <summary>A page of cases, newest first.</summary>
public sealed record CaseList(ImmutableArray<CaseView> Items, int Total, int Page, int PageSize);

/// <summary><c>GET /api/cases</c>: checks the filters and the caller's audience, then asks <see cref="ICaseListSource"/>.</summary>
public static class CaseListEndpoint
{
    const int DefaultPageSize = 50;
    const int MaxPageSize = 200;

    public static async Task<Results<Ok<CaseList>, ValidationProblem>> ListCases(
        string? region, string? state, string? severity, string? page, string? pageSize,
        GridUser user, ICaseListSource cases, IOrganizationDirectory organization, CancellationToken cancellationToken)
    {
        var errors = new RequestErrors();
        var regionId = errors.Id("region", region, required: false);
        // A branch sees only its own region: its pool and the cases it holds.
        if (user.Is(Roles.Branch))
        {
            if (regionId is not null && regionId != user.RegionId)
                throw DomainException.Forbidden($"Branch '{user.BranchId}' sees only region '{user.RegionId}'.");
            regionId = user.RegionId;
        }
        var audience = AccessRules.AudienceOf(user);
        var stateFilter = errors.Enum<CaseState>("state", state, required: false);
        var severityFilter = errors.Enum<Severity>("severity", severity, required: false);
        var pageNumber = Number(errors, "page", page, 1, int.MaxValue / MaxPageSize, 1);
        var size = Number(errors, "pageSize", pageSize, 1, MaxPageSize, DefaultPageSize);
        if (regionId is not null && await organization.FindRegionAsync(regionId) is null)
            errors.Add("region", $"There is no region '{regionId}'.");
        if (regionId is null && cases.MaxDepthAcrossRegions is { } maxDepth && pageNumber * size > maxDepth)
            errors.Add("page", $"Across all regions the list goes {maxDepth} cases deep; give a region to page further.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var found = await cases.ListAsync(regionId, new CaseQuery(stateFilter, severityFilter, pageNumber, size, audience), cancellationToken);
        return TypedResults.Ok(new CaseList(found.Items, found.Total, pageNumber, size));
    }

    internal static int Number(RequestErrors errors, string field, string? text, int min, int max, int fallback)
    {
        if (string.IsNullOrEmpty(text)) return fallback;
        if (int.TryParse(text, out var value) && value >= min && value <= max) return value;
        errors.Add(field, $"'{field}' must be a whole number from {min} to {max}.");
        return fallback;
    }
}
