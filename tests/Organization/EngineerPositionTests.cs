using ServiceGrid.Events;
using ServiceGrid.Grains.Organization;
using ServiceGrid.Organization;
using ServiceGrid.Tests.Infrastructure;
using static ServiceGrid.Tests.Infrastructure.TestOrganization;

namespace ServiceGrid.Tests.OrganizationGrains;

/// <summary>Positions are stored as reported and announced at most once per interval (the latest one); status at once.</summary>
[Collection(ClusterCollection.Name)]
public sealed class EngineerPositionTests(ClusterFixture fixture)
{
    static readonly GeoPoint FirstStop = new(39.91, 116.41);
    static readonly GeoPoint SecondStop = new(39.92, 116.42);

    readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task Positions_within_the_interval_are_stored_at_once_and_only_the_latest_is_announced_when_it_ends()
    {
        var id = await _grains.NewEngineerAsync(Beijing);
        var engineer = _grains.GetGrain<IEngineerGrain>(id);
        var region = _grains.GetGrain<IRegionGrain>(North);
        var registered = await Eventually.Until(() => Seen(region, id), seen => seen is not null);

        await engineer.Move(FirstStop);
        var stored = await engineer.Move(SecondStop);

        Assert.Equal(SecondStop, (await engineer.Get())!.Location);
        // The grid's clock stands still, so the interval has not ended: the registration is still the latest announcement.
        // The region's engineer stream is ordered: once an engineer registered after the moves is seen, a position the
        // moves had announced would have been seen before it.
        var sentinel = await _grains.NewEngineerAsync(Beijing);
        await Eventually.Until(() => Seen(region, sentinel), seen => seen is not null);
        Assert.Equal(registered!.Version, (await Seen(region, id))!.Version);

        await fixture.AdvanceAsync(new EngineerOptions().PositionInterval);
        var announced = await Eventually.Until(() => Seen(region, id), seen => seen!.Version == stored.Version);
        Assert.Equal(SecondStop, announced!.Location);
    }

    [Fact]
    public async Task A_status_change_is_announced_at_once_with_the_position_that_was_waiting()
    {
        var id = await _grains.NewEngineerAsync(Beijing);
        var engineer = _grains.GetGrain<IEngineerGrain>(id);
        var region = _grains.GetGrain<IRegionGrain>(North);
        await Eventually.Until(() => Seen(region, id), seen => seen is not null);

        await engineer.Move(FirstStop);
        var offDuty = await engineer.SetOffDuty(true);

        var announced = await Eventually.Until(() => Seen(region, id), seen => seen!.Version == offDuty.Version);
        Assert.Equal((EngineerStatus.OffDuty, FirstStop), (announced!.Status, announced.Location));
    }

    static async Task<EngineerView?> Seen(IRegionGrain region, string engineerId) =>
        (await region.GetEngineers(Beijing)).FirstOrDefault(engineer => engineer.Id == engineerId);
}
