using ServiceGrid.Cases;
using ServiceGrid.Events;
using ServiceGrid.Tests.Infrastructure;
using static ServiceGrid.Tests.Infrastructure.TestOrganization;

namespace ServiceGrid.Tests.Cases;

[Collection(ClusterCollection.Name)]
public sealed class ClaimTests(ClusterFixture fixture)
{
    readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task Of_100_concurrent_claims_from_both_branches_exactly_one_wins_and_the_read_model_agrees()
    {
        var opened = await _grains.OpenCaseAsync(Severity.P2, North);
        var grain = _grains.GetGrain<ICaseGrain>(opened.Id);
        var region = _grains.GetGrain<IRegionGrain>(North);
        // The case is in the pool before the race, so the read model's later answer is a change, not a default.
        await Eventually.Until(() => region.GetQueue(Tianjin), q => q.Any(c => c.Id == opened.Id));

        var claims = Enumerable.Range(0, 100)
            .Select(i => i % 2 == 0 ? Beijing : Tianjin)
            .Select(async branch =>
            {
                try { return (branch, view: await grain.Claim(branch, $"branch-{branch}"), error: (DomainException?)null); }
                catch (DomainException refusal) { return (branch, view: (CaseView?)null, error: refusal); }
            })
            .ToList();
        var outcomes = await Task.WhenAll(claims);

        var winners = outcomes.Where(o => o.view is not null).ToList();
        var winner = Assert.Single(winners);
        Assert.All(outcomes.Where(o => o.error is not null), o => Assert.Equal(FailureKind.Conflict, o.error!.Kind));
        Assert.Equal(99, outcomes.Count(o => o.error is not null));

        var stored = await grain.Get();
        Assert.NotNull(stored);
        Assert.Equal(CaseState.Claimed, stored.State);
        Assert.Equal(winner.branch, stored.BranchId);
        Assert.Single(stored.Timeline, e => e.Type == TimelineTypes.Claimed);

        var loser = winner.branch == Beijing ? Tianjin : Beijing;
        var winnerQueue = await Eventually.Until(() => region.GetQueue(winner.branch),
            q => q.Any(c => c.Id == opened.Id && c.State == CaseState.Claimed));
        Assert.Contains(winnerQueue, c => c.Id == opened.Id && c.State == CaseState.Claimed && c.BranchId == winner.branch);
        Assert.DoesNotContain(await region.GetQueue(loser), c => c.Id == opened.Id);
        var pool = await region.Query(new CaseQuery(CaseState.Open, null, 1, 10_000));
        Assert.DoesNotContain(pool.Items, c => c.Id == opened.Id);
    }

    [Fact]
    public async Task Second_claim_of_the_same_case_is_rejected_with_conflict()
    {
        var opened = await _grains.OpenCaseAsync(Severity.P3, North);
        var grain = _grains.GetGrain<ICaseGrain>(opened.Id);
        await grain.Claim(Beijing, "branch-beijing");

        var refusal = await DomainAssert.Refused(FailureKind.Conflict, () => grain.Claim(Tianjin, "branch-tianjin"));

        Assert.Contains("beijing", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(Beijing, (await grain.Get())!.BranchId);
    }

    [Fact]
    public async Task A_branch_of_another_region_may_not_claim_and_the_case_stays_in_the_pool()
    {
        var opened = await _grains.OpenCaseAsync(Severity.P3, North);
        var grain = _grains.GetGrain<ICaseGrain>(opened.Id);

        await DomainAssert.Refused(FailureKind.Forbidden, () => grain.Claim(Shanghai, "branch-shanghai"));

        var after = await grain.Get();
        Assert.Equal(CaseState.Open, after!.State);
        Assert.Null(after.BranchId);
        Assert.Equal(opened.Version, after.Version);
    }

    [Fact]
    public async Task Claiming_for_an_unknown_branch_is_not_found()
    {
        var opened = await _grains.OpenCaseAsync(Severity.P3, North);

        await DomainAssert.Refused(FailureKind.NotFound, () => _grains.GetGrain<ICaseGrain>(opened.Id).Claim("atlantis", "branch-atlantis"));
    }
}
