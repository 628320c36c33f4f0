using ServiceGrid.Board;
using ServiceGrid.Organization;

namespace ServiceGrid.Grains.Board;

/// <summary>Which scopes see a region: <c>hq</c> always, and each of the region's branches.</summary>
public static class BoardFeeds
{
    public static IEnumerable<string> ScopesOf(RegionProfile? region) =>
        (region?.Branches.Select(branch => BoardScopes.Branch(branch.Id)) ?? []).Prepend(BoardScopes.Headquarters);
}
