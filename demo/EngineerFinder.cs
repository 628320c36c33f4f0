using System.Collections.Frozen;
using System.Collections.Immutable;
using ServiceGrid.Grains;
using ServiceGrid.Organization;

namespace ServiceGrid.Demo;

/// <summary>Finds the free engineer of a branch nearest to a site, as a branch dispatcher looking at the board would.</summary>
public sealed class EngineerFinder(IGrainFactory grains, DemoOrganization organization, EngineerMover mover)
{
    readonly FrozenDictionary<string, ImmutableArray<string>> _byBranch = organization.Engineers
        .GroupBy(engineer => engineer.Profile.BranchId)
        .ToFrozenDictionary(group => group.Key, group => group.Select(engineer => engineer.Id).ToImmutableArray());
    readonly FrozenDictionary<string, GeoPoint> _bases =
        organization.Engineers.ToFrozenDictionary(engineer => engineer.Id, engineer => engineer.Profile.Base);

    /// <summary>The nearest available engineer of <paramref name="branchId"/> other than <paramref name="except"/>, with where they are.</summary>
    public async Task<(string Id, GeoPoint Location)?> NearestAvailableAsync(string branchId, GeoPoint site, string? except = null)
    {
        var candidates = _byBranch.GetValueOrDefault(branchId, []).Where(id => id != except);
        var views = await Task.WhenAll(candidates.Select(id => grains.GetGrain<IEngineerGrain>(id).Get()));
        var nearest = views
            .OfType<EngineerView>()
            .Where(view => view.Status == EngineerStatus.Available && view.CurrentCaseId is null)
            .Select(view => (view.Id, Location: mover.PositionOf(view.Id) ?? view.Location))
            .OrderBy(candidate => GeoMath.DistanceKm(candidate.Location, site))
            .FirstOrDefault();
        return nearest.Id is null ? null : nearest;
    }

    /// <summary>Where the engineer is: as the simulator last moved them, else as their grain says.</summary>
    public async Task<GeoPoint?> LocationOfAsync(string engineerId) =>
        mover.PositionOf(engineerId) ?? (await grains.GetGrain<IEngineerGrain>(engineerId).Get())?.Location;

    /// <summary>The engineer's home base (their branch city).</summary>
    public GeoPoint? BaseOf(string engineerId) => _bases.GetValueOrDefault(engineerId);
}
