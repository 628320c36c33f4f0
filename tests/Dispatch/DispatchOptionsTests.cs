using ServiceGrid.Grains.Dispatch;
using ServiceGrid.Tests.Infrastructure;

namespace ServiceGrid.Tests.Dispatch;

public sealed class DispatchOptionsTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.Empty(OptionsValidation.Validate(new DispatchOptions()));
        Assert.Empty(OptionsValidation.Validate(new TravelOptions()));
    }

    [Fact]
    public void An_unknown_time_zone_and_a_region_without_roads_are_refused_at_start()
    {
        var zone = OptionsValidation.Validate(new DispatchOptions { TimeZone = "Mars/Olympus" });
        var travel = OptionsValidation.Validate(new TravelOptions { Regions = { ["north"] = new RegionTravel { RoadFactor = 0.5 } } });

        Assert.Contains(zone, r => r.MemberNames.Contains(nameof(DispatchOptions.TimeZone)));
        Assert.Contains(travel, r => r.ErrorMessage!.StartsWith("Regions:north", StringComparison.Ordinal));
    }

    [Fact]
    public void A_region_of_its_own_travels_at_its_own_speed()
    {
        var options = new TravelOptions { Regions = { ["west"] = new RegionTravel { RoadFactor = 2, SpeedKmh = 20 } } };
        var travel = new StraightLineTravelTimes(Microsoft.Extensions.Options.Options.Create(options));
        var (from, to) = (new GeoPoint(30, 104), new GeoPoint(30.1, 104));

        var west = travel.Estimate("west", from, to);
        var north = travel.Estimate("north", from, to);

        Assert.Equal(west.DistanceKm / 2 * 1.3, north.DistanceKm, 6);
        Assert.Equal(west.DistanceKm / 20, west.Duration.TotalHours, 6);
        Assert.Equal(north.DistanceKm / 40, north.Duration.TotalHours, 6);
    }
}
