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

    /// <summary>
    /// A drive's duration that <see cref="Estimate"/> never undercuts, computed with a few arithmetic operations: the
    /// ranking passes over an engineer whose lower bound already ranks behind the candidates it keeps. (A routing server's
    /// adapter would answer the straight line at its fastest speed.)
    /// </summary>
    TimeSpan LowerBound(string regionId, GeoPoint from, GeoPoint to);
}

/// <summary>Straight-line distance × the region's road factor ÷ its speed (<see cref="TravelOptions"/>).</summary>
public sealed class StraightLineTravelTimes(Microsoft.Extensions.Options.IOptions<TravelOptions> options) : ITravelTimes
{
    /// <summary>Kilometres per radian of latitude (<see cref="GeoMath"/>'s earth radius).</summary>
    const double KmPerRadian = GeoMath.EarthRadiusKm;

    /// <summary>
    /// Under 1: the great-circle distance is never shorter than the difference of latitudes, but the two are computed
    /// differently and may round apart by an ulp; the bound stays below either way.
    /// </summary>
    const double Margin = 0.999;

    public TravelEstimate Estimate(string regionId, GeoPoint from, GeoPoint to)
    {
        var (roadFactor, speedKmh) = For(regionId);
        var roadKm = GeoMath.DistanceKm(from, to) * roadFactor;
        return new TravelEstimate(roadKm, TimeSpan.FromHours(roadKm / speedKmh));
    }

    public TimeSpan LowerBound(string regionId, GeoPoint from, GeoPoint to)
    {
        var (roadFactor, speedKmh) = For(regionId);
        var straightKm = Math.Abs(to.Lat - from.Lat) * (Math.PI / 180.0) * KmPerRadian * Margin;
        return TimeSpan.FromHours(straightKm * roadFactor / speedKmh);
    }

    /// <summary>The region's road factor and speed, without building a <see cref="RegionTravel"/> per estimate.</summary>
    (double RoadFactor, double SpeedKmh) For(string regionId)
    {
        var travel = options.Value;
        return travel.Regions.GetValueOrDefault(regionId) is { } region ? (region.RoadFactor, region.SpeedKmh) : (travel.RoadFactor, travel.SpeedKmh);
    }
}
