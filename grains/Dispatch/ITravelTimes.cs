namespace ServiceGrid.Grains.Dispatch;

/// <summary>How far and how long a drive is between two points of a region.</summary>
public readonly record struct TravelEstimate(double DistanceKm, TimeSpan Duration);

/// <summary>
/// The one source of travel times for ranking and planning. Today a straight line scaled by a road factor
/// (<see cref="StraightLineTravelTimes"/>); a routing server (OSRM's HTTP API) can stand behind it later without changing callers.
/// </summary>
public interface ITravelTimes
{
    TravelEstimate Estimate(string regionId, GeoPoint from, GeoPoint to);
}

/// <summary>Straight-line distance × the region's road factor ÷ its speed (<see cref="TravelOptions"/>).</summary>
public sealed class StraightLineTravelTimes(Microsoft.Extensions.Options.IOptions<TravelOptions> options) : ITravelTimes
{
    public TravelEstimate Estimate(string regionId, GeoPoint from, GeoPoint to)
    {
        var travel = options.Value.For(regionId);
        var roadKm = GeoMath.DistanceKm(from, to) * travel.RoadFactor;
        return new TravelEstimate(roadKm, TimeSpan.FromHours(roadKm / travel.SpeedKmh));
    }
}
