using Microsoft.Extensions.Logging;
using ServiceGrid.Grains;
using ServiceGrid.Organization;

namespace ServiceGrid.Demo;

/// <summary>
/// Drives simulated engineers along straight lines at the accelerated road speed and reports each new position to
/// the engineer's grain. It remembers only engineers on the road or on a site; one parked at base is forgotten.
/// </summary>
public sealed class EngineerMover(IGrainFactory grains, ILogger<EngineerMover> logger)
{
    sealed class Trip(GeoPoint position, GeoPoint destination, string? caseId)
    {
        public GeoPoint Position { get; set; } = position;
        public GeoPoint Destination { get; } = destination;
        /// <summary>The case the engineer drives to; null on the way back to base.</summary>
        public string? CaseId { get; } = caseId;
        public bool Arrived => Position == Destination;
    }

    readonly Dictionary<string, Trip> _trips = [];

    public int Count => _trips.Count;

    /// <summary>Where the simulator last put the engineer, or null when it does not follow them.</summary>
    public GeoPoint? PositionOf(string engineerId) => _trips.GetValueOrDefault(engineerId)?.Position;

    /// <summary>Sends the engineer from <paramref name="from"/> (or where they are now) to a case site, or home when <paramref name="caseId"/> is null.</summary>
    public void Send(string engineerId, GeoPoint from, GeoPoint to, string? caseId) =>
        _trips[engineerId] = new Trip(PositionOf(engineerId) ?? from, to, caseId);

    public bool IsHeadingTo(string engineerId, string caseId) => _trips.GetValueOrDefault(engineerId)?.CaseId == caseId;

    public bool HasArrived(string engineerId, string caseId) =>
        _trips.GetValueOrDefault(engineerId) is { } trip && trip.CaseId == caseId && trip.Arrived;

    /// <summary>Advances every engineer on the road by <paramref name="km"/> and tells their grains, all at once.</summary>
    public async Task MoveAllAsync(double km)
    {
        var moving = _trips.Where(entry => !entry.Value.Arrived).ToList();
        foreach (var (_, trip) in moving) trip.Position = Step(trip.Position, trip.Destination, km);
        await Task.WhenAll(moving.Select(entry => MoveAsync(entry.Key, entry.Value.Position)));
        foreach (var (engineerId, trip) in moving)
        {
            if (trip.Arrived && trip.CaseId is null) _trips.Remove(engineerId);
        }
    }

    async Task MoveAsync(string engineerId, GeoPoint position)
    {
        try
        {
            await grains.GetGrain<IEngineerGrain>(engineerId).Move(position);
        }
        catch (DomainException exception)
        {
            TrafficLog.Refused(logger, exception, engineerId, "move");
        }
    }

    /// <summary>The point <paramref name="km"/> along the straight line from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static GeoPoint Step(GeoPoint from, GeoPoint to, double km)
    {
        var distance = GeoMath.DistanceKm(from, to);
        if (distance <= km) return to;
        var share = km / distance;
        return new GeoPoint(from.Lat + (to.Lat - from.Lat) * share, from.Lon + (to.Lon - from.Lon) * share);
    }
}
