using ServiceGrid.Cases;
using ServiceGrid.Events;
using ServiceGrid.Tests.Infrastructure;
using static ServiceGrid.Tests.Infrastructure.TestOrganization;

namespace ServiceGrid.Tests.ReadModel;

[Collection(ClusterCollection.Name)]
public sealed class RegionReadModelTests(ClusterFixture fixture)
{
    readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task The_pool_is_shared_by_both_branches_and_a_claimed_case_moves_to_its_branch_only()
    {
        var opened = await _grains.OpenCaseAsync(Severity.P4, North);
        var region = _grains.GetGrain<IRegionGrain>(North);

        await Eventually.Until(() => region.GetQueue(Beijing), q => q.Any(c => c.Id == opened.Id));
        Assert.Contains(await region.GetQueue(Beijing), c => c.Id == opened.Id && c.State == CaseState.Open);
        Assert.Contains(await region.GetQueue(Tianjin), c => c.Id == opened.Id && c.State == CaseState.Open);
        Assert.DoesNotContain(await region.GetQueue(Shanghai), c => c.Id != opened.Id && c.Region != North);

        await _grains.GetGrain<ICaseGrain>(opened.Id).Claim(Tianjin, "branch-tianjin");

        var tianjin = await Eventually.Until(() => region.GetQueue(Tianjin), q => q.Any(c => c.Id == opened.Id && c.State == CaseState.Claimed));
        Assert.Contains(tianjin, c => c.Id == opened.Id && c.BranchId == Tianjin);
        Assert.DoesNotContain(await region.GetQueue(Beijing), c => c.Id == opened.Id);
    }

    [Fact]
    public async Task A_closed_case_leaves_the_active_cases_but_stays_queryable()
    {
        var (grain, engineerId) = await _grains.DispatchedCaseAsync(Severity.P4);
        await grain.Respond("r", engineerId);
        await grain.Resolve(new ResolveCase { Summary = "Configured", Actor = engineerId });
        var closed = await grain.Close("csc");
        var region = _grains.GetGrain<IRegionGrain>(North);

        var page = await Eventually.Until(() => region.Query(new CaseQuery(CaseState.Closed, null, 1, 10_000)),
            p => p.Items.Any(c => c.Id == closed.Id));

        Assert.Contains(page.Items, c => c.Id == closed.Id && c.Version == closed.Version);
        Assert.DoesNotContain(await region.GetActive(), c => c.Id == closed.Id);
        Assert.DoesNotContain(await region.GetQueue(Beijing), c => c.Id == closed.Id);
    }
}
