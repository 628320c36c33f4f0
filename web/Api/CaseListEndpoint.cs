using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using ServiceGrid.Cases;
using ServiceGrid.Events;
using ServiceGrid.Grains.Cases;
using ServiceGrid.Grains.Organization;
using ServiceGrid.Web.Security;

namespace ServiceGrid.Web.Api;

/// <summary>A page of cases, newest first.</summary>
public sealed record CaseList(ImmutableArray<CaseView> Items, int Total, int Page, int PageSize);

/// <summary>
/// <c>GET /api/cases</c>: served by the regions' read models (one call per region, never one per case), merged when
/// no region is given.
/// </summary>
public static class CaseListEndpoint
{
    const int DefaultPageSize = 50;
    const int MaxPageSize = 200;
    /// <summary>How deep a list across all regions may page; the merge holds page × pageSize cases from each region.</summary>
    const int MaxMergeDepth = 10_000;

    public static async Task<Results<Ok<CaseList>, ValidationProblem>> ListCases(
        string? region, string? state, string? severity, string? page, string? pageSize,
        GridUser user, IGrainFactory grains, OrganizationDirectory organization)
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
        if (regionId is null && pageNumber * size > MaxMergeDepth)
            errors.Add("page", $"Across all regions the list goes {MaxMergeDepth} cases deep; give a region to page further.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        if (regionId is not null)
        {
            var one = await grains.GetGrain<IRegionGrain>(regionId).Query(new CaseQuery(stateFilter, severityFilter, pageNumber, size, audience));
            return TypedResults.Ok(new CaseList(one.Items, one.Total, pageNumber, size));
        }

        var chart = await organization.GetChartAsync();
        var depth = new CaseQuery(stateFilter, severityFilter, 1, pageNumber * size, audience);
        var pages = await Task.WhenAll(chart.Regions.Select(r => grains.GetGrain<IRegionGrain>(r.Id).Query(depth)));
        var items = pages.SelectMany(p => p.Items)
            .NewestFirst()
            .Skip((pageNumber - 1) * size).Take(size)
            .ToImmutableArray();
        return TypedResults.Ok(new CaseList(items, pages.Sum(p => p.Total), pageNumber, size));
    }

    static int Number(RequestErrors errors, string field, string? text, int min, int max, int fallback)
    {
        if (string.IsNullOrEmpty(text)) return fallback;
        if (int.TryParse(text, out var value) && value >= min && value <= max) return value;
        errors.Add(field, $"'{field}' must be a whole number from {min} to {max}.");
        return fallback;
    }
}
