using Microsoft.Extensions.DependencyInjection;
using ServiceGrid.Events;
using ServiceGrid.Organization;
using ServiceGrid.Tests.Infrastructure;
using static ServiceGrid.Tests.Infrastructure.TestOrganization;

namespace ServiceGrid.Tests.Dispatch;

/// <summary>
/// An engineer's expected return (issue 15, <c>until</c>): at that time they are available again by themselves, on a durable
/// reminder that follows the fake clock, announced on the region stream like a person's declaration; declaring again
/// replaces or cancels the return.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class AvailabilityReturnTests(ClusterFixture fixture)
{
    const string ReturnReminder = "availability-return";

    readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task An_engineer_unavailable_until_a_time_is_available_again_then_and_the_region_sees_it()
    {
        var id = await _grains.NewEngineerAsync(Beijing);
        var engineer = _grains.GetGrain<IEngineerGrain>(id);
        var until = fixture.Clock.GetUtcNow().AddHours(3);
        var declared = await engineer.SetAvailability(EngineerStatus.Unavailable, "vehicle breakdown", until);
        Assert.Equal(until.UtcDateTime, await ReturnAtAsync(engineer));

        await fixture.AdvanceAsync(TimeSpan.FromHours(3));

        var back = await Eventually.Until(engineer.Get, v => v!.Version > declared.Version);
        Assert.Equal((EngineerStatus.Available, null, null), (back!.Status, back.AvailabilityReason, back.AvailableAgainAt));
        Assert.Equal(declared.Version + 1, back.Version);
        Assert.True(back.UpdatedAt >= until);
        Assert.Null(await ReturnAtAsync(engineer));
        var seen = await Eventually.Until(() => _grains.GetGrain<IRegionGrain>(North).GetEngineers(null),
            list => list.Any(e => e.Id == id && e.Version >= back.Version));
        Assert.Equal(EngineerStatus.Available, seen.Single(e => e.Id == id).Status);
    }

    [Fact]
    public async Task Declaring_again_replaces_the_return_and_a_declaration_without_one_cancels_it()
    {
        var id = await _grains.NewEngineerAsync(Beijing);
        var engineer = _grains.GetGrain<IEngineerGrain>(id);
        var now = fixture.Clock.GetUtcNow();

        await engineer.SetAvailability(EngineerStatus.Unavailable, "sick", now.AddHours(2));
        await engineer.SetAvailability(EngineerStatus.Unavailable, "still sick", now.AddHours(5));
        Assert.Equal(now.AddHours(5).UtcDateTime, await ReturnAtAsync(engineer));

        await engineer.SetAvailability(EngineerStatus.Unavailable, "sick, return unknown", null);
        Assert.Null(await ReturnAtAsync(engineer));

        await engineer.SetAvailability(EngineerStatus.OffShift, "training", now.AddHours(1));
        Assert.Equal(now.AddHours(1).UtcDateTime, await ReturnAtAsync(engineer));
        var available = await engineer.SetAvailability(EngineerStatus.Available, null, null);
        Assert.Null(await ReturnAtAsync(engineer));
        Assert.Null(available.AvailableAgainAt);
    }

    [Fact]
    public async Task A_replaced_return_comes_at_the_later_time_once()
    {
        var id = await _grains.NewEngineerAsync(Beijing);
        var engineer = _grains.GetGrain<IEngineerGrain>(id);
        var now = fixture.Clock.GetUtcNow();
        await engineer.SetAvailability(EngineerStatus.Unavailable, "sick", now.AddHours(1));
        var replaced = await engineer.SetAvailability(EngineerStatus.Unavailable, "sick", now.AddHours(2));

        await fixture.AdvanceAsync(TimeSpan.FromHours(2));

        var back = await Eventually.Until(engineer.Get, v => v!.Version > replaced.Version);
        Assert.Equal((EngineerStatus.Available, replaced.Version + 1), (back!.Status, back.Version));
        Assert.True(back.UpdatedAt >= now.AddHours(2));
    }

    [Fact]
    public async Task A_return_outlives_the_engineers_deactivation()
    {
        var id = await _grains.NewEngineerAsync(Beijing);
        var engineer = _grains.GetGrain<IEngineerGrain>(id);
        var declared = await engineer.SetAvailability(EngineerStatus.OffShift, "night", fixture.Clock.GetUtcNow().AddHours(8));
        await fixture.Cluster.DeactivateAsync(engineer);

        await fixture.AdvanceAsync(TimeSpan.FromHours(8));

        var back = await Eventually.Until(engineer.Get, v => v!.Version > declared.Version);
        Assert.Equal(EngineerStatus.Available, back!.Status);
    }

    async Task<DateTime?> ReturnAtAsync(IEngineerGrain engineer) =>
        (await fixture.SiloServices.GetRequiredService<IReminderTable>().ReadRow(engineer.GetGrainId(), ReturnReminder))?.StartAt;
}
