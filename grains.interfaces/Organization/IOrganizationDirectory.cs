namespace ServiceGrid.Organization;

/// <summary>
/// The organization chart as a process reads it on hot paths: from a local copy of <see cref="IOrganizationGrain"/>'s
/// chart (grains <c>OrganizationDirectory</c>), so that a request does not call one grain that every request calls.
/// </summary>
public interface IOrganizationDirectory
{
    /// <summary>The branch of this id, or null when the chart has none.</summary>
    ValueTask<BranchProfile?> FindBranchAsync(string branchId);

    /// <summary>The region of this id, or null when the chart has none.</summary>
    ValueTask<RegionProfile?> FindRegionAsync(string regionId);

    /// <summary>The whole chart: every region with its branches.</summary>
    ValueTask<OrganizationChart> GetChartAsync();
}
