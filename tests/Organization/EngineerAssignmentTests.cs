using ServiceGrid.Cases;
using ServiceGrid.Grains.Organization;
using ServiceGrid.Organization;
using ServiceGrid.Tests.Infrastructure;
using static ServiceGrid.Tests.Infrastructure.TestOrganization;

namespace ServiceGrid.Tests.OrganizationGrains;

/// <summary>
/// An engineer taken by a dispatch that was never stored (the case's silo died between the two steps) is free again
/// after confirming with the case; one whose case names them stays busy. tests/Cluster kills a real silo at that point.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class EngineerAssignmentTests(ClusterFixture fixture)
{
    readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task An_engineer_held_by_a_dispatch_the_case_never_stored_is_free_again_after_one_check_period_and_a_dispatched_one_is_not()
    {
        var (dispatched, busyId) = await _grains.DispatchedCaseAsync(Severity.P3);
        var claimed = await _grains.OpenCaseAsync(Severity.P3);
        var interrupted = _grains.GetGrain<ICaseGrain>(claimed.Id);
        await interrupted.Claim(Beijing, "branch-beijing");
        var strandedId = await _grains.NewEngineerAsync(Beijing);
        var stranded = _grains.GetGrain<IEngineerGrain>(strandedId);
        // The first step of a dispatch, as the case takes it; the crash comes before the case stores the dispatch.
        await stranded.Assign(claimed.Id);
        Assert.Equal(EngineerStatus.Busy, (await stranded.Get())!.Status);

        await fixture.AdvanceAsync(new EngineerOptions().AssignmentCheckPeriod);

        var freed = await Eventually.Until(stranded.Get, engineer => engineer!.CurrentCaseId is null);
        Assert.Equal((EngineerStatus.Available, null), (freed!.Status, freed.CurrentCaseId));
        Assert.Equal((EngineerStatus.Busy, dispatched.GetPrimaryKeyString()),
            ((await _grains.GetGrain<IEngineerGrain>(busyId).Get())!.Status, (await _grains.GetGrain<IEngineerGrain>(busyId).Get())!.CurrentCaseId));
        // The case was never dispatched, so it can be now, to the same engineer.
        var redispatched = await interrupted.Dispatch(strandedId, "branch-beijing");
        Assert.Equal((CaseState.Dispatched, strandedId), (redispatched.State, redispatched.EngineerId));
    }

    [Fact]
    public async Task A_confirmation_that_read_the_case_before_the_same_case_was_dispatched_again_frees_no_one()
    {
        var claimed = await _grains.OpenCaseAsync(Severity.P3);
        await _grains.GetGrain<ICaseGrain>(claimed.Id).Claim(Beijing, "branch-beijing");
        var engineer = _grains.GetGrain<IEngineerGrain>(await _grains.NewEngineerAsync(Beijing));
        var read = await engineer.Assign(claimed.Id);

        // The dispatch is retried while the confirmation is asking the case: the engineer is taken again, and the
        // confirmation's answer ("not mine"), read before that, must not free them.
        var retaken = await engineer.Assign(claimed.Id);
        await engineer.ReleaseUnconfirmed(claimed.Id, read.Version);

        Assert.True(retaken.Version > read.Version);
        Assert.Equal(claimed.Id, (await engineer.Get())!.CurrentCaseId);
    }
}
