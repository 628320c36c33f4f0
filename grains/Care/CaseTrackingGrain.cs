using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using ServiceGrid.Care;
using ServiceGrid.Cases;
using ServiceGrid.Organization;

namespace ServiceGrid.Grains.Care;

/// <summary>
/// The customer's view of their engineer (<see cref="CaseTracking"/>). The position is shown only while the engineer
/// travels to this site and is near it, and rounded, so a customer learns when to expect the visit, not where an
/// engineer is during the rest of their day.
/// </summary>
[StatelessWorker]
public sealed class CaseTrackingGrain(IOptions<TrackingOptions> options, TimeProvider clock) : Grain, ICaseTrackingGrain
{
    public async Task<CaseTracking> Track(string caseId)
    {
        var view = await GrainFactory.GetGrain<ICaseGrain>(caseId).Get() ?? throw DomainException.NotFound("Case", caseId);
        var engineer = view.EngineerId is { } engineerId ? await GrainFactory.GetGrain<IEngineerGrain>(engineerId).Get() : null;
        return Tracking(view, engineer, options.Value, clock.GetUtcNow());
    }

    public static CaseTracking Tracking(CaseView view, EngineerView? engineer, TrackingOptions settings, DateTimeOffset now)
    {
        var travelling = engineer is not null && view.Site is not null && engineer.CurrentCaseId == view.Id
            && view.State is CaseState.Dispatched or CaseState.Responded;
        if (!travelling)
            return new CaseTracking { CaseId = view.Id, State = view.State, EngineerName = engineer?.Name, Travelling = false };
        var distance = GeoMath.DistanceKm(engineer!.Location, view.Site!);
        return new CaseTracking
        {
            CaseId = view.Id,
            State = view.State,
            EngineerName = engineer.Name,
            Travelling = true,
            Eta = now + TimeSpan.FromHours(distance / settings.RoadSpeedKmh),
            DistanceKm = Math.Round(distance, 1),
            Position = distance <= settings.RadiusKm ? Coarsen(engineer.Location, settings.CoarsenDegrees) : null,
        };
    }

    static GeoPoint Coarsen(GeoPoint point, double degrees) =>
        new(Math.Round(point.Lat / degrees) * degrees, Math.Round(point.Lon / degrees) * degrees);
}
