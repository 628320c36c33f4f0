using ServiceGrid.Cases;
using ServiceGrid.Organization;
using ServiceGrid.Tests.Infrastructure;
using static ServiceGrid.Tests.Infrastructure.TestOrganization;

namespace ServiceGrid.Tests.Cases;

/// <summary>State written by one activation is read back by the next: a deactivated grain is the same grain.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PersistenceTests(ClusterFixture fixture)
{
    readonly IGrainFactory _grains = fixture.Grains;

    [Theory]
    [InlineData(Severity.P1)]
    [InlineData(Severity.P2)]
    [InlineData(Severity.P3)]
    [InlineData(Severity.P4)]
    [InlineData(Severity.P5)]
    public async Task A_case_reloaded_after_deactivation_is_the_case_as_stored(Severity severity)
    {
        var opened = await _grains.OpenCaseAsync(severity, North);
        var grain = _grains.GetGrain<ICaseGrain>(opened.Id);
        await grain.Claim(Beijing, "branch-beijing");
        var paused = await grain.Pause("Waiting on the customer", "csc");

        await fixture.Cluster.DeactivateAsync(grain);
        var reloaded = await grain.Get();

        Assert.NotNull(reloaded);
        Assert.Equal(paused.Version, reloaded.Version);
        Assert.Equal(paused.State, reloaded.State);
        Assert.Equal(paused.Sla, reloaded.Sla);
        Assert.Equal(paused.PausedAt, reloaded.PausedAt);
        Assert.Equal(paused.Timeline.Select(e => (e.Version, e.Type)), reloaded.Timeline.Select(e => (e.Version, e.Type)));
        // And the reloaded case keeps working.
        var resumed = await grain.Resume("Back", "csc");
        Assert.Equal(paused.Version + 1, resumed.Version);
    }

    [Fact]
    public async Task An_engineer_and_a_depot_reloaded_after_deactivation_keep_their_state()
    {
        var (grain, engineerId) = await _grains.DispatchedCaseAsync(Severity.P3);
        var depotId = await _grains.NewDepotAsync(Beijing, new StockLine("A", 5, 0));
        var depot = _grains.GetGrain<IDepotGrain>(depotId);
        await depot.Consume("op-1", [new PartRequest("A", 2)]);
        var engineer = _grains.GetGrain<IEngineerGrain>(engineerId);

        await fixture.Cluster.DeactivateAsync(engineer);
        await fixture.Cluster.DeactivateAsync(depot);

        Assert.Equal(grain.GetPrimaryKeyString(), (await engineer.Get())!.CurrentCaseId);
        Assert.Equal(3, Assert.Single((await depot.GetStock())!.Value).OnHand);
        await depot.Consume("op-1", [new PartRequest("A", 2)]);
        Assert.Equal(3, Assert.Single((await depot.GetStock())!.Value).OnHand);
    }

    [Fact]
    public async Task An_intake_key_reloaded_after_deactivation_still_answers_its_first_case()
    {
        var intake = _grains.GetGrain<IIntakeGrain>($"key-{Guid.NewGuid():N}");
        var request = Request(Severity.P3, North);
        var first = await intake.Open(NewCaseId(), request);

        await fixture.Cluster.DeactivateAsync(intake);
        var retry = await intake.Open(NewCaseId(), request);

        Assert.False(retry.Created);
        Assert.Equal(first.Case.Id, retry.Case.Id);
    }
}
