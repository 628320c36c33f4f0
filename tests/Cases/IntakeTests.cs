using ServiceGrid.Cases;
using ServiceGrid.Events;
using ServiceGrid.Tests.Infrastructure;
using static ServiceGrid.Tests.Infrastructure.TestOrganization;

namespace ServiceGrid.Tests.Cases;

[Collection(ClusterCollection.Name)]
public sealed class IntakeTests(ClusterFixture fixture)
{
    readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task Fifty_concurrent_retries_of_one_idempotency_key_open_exactly_one_case()
    {
        // The south region is used by this test only, so its read model must end with exactly this one case.
        var intake = _grains.GetGrain<IIntakeGrain>($"key-{Guid.NewGuid():N}");
        var request = Request(Severity.P3, South);
        var newIds = Enumerable.Range(0, 50).Select(_ => NewCaseId()).ToList();

        var results = await Task.WhenAll(newIds.Select(id => intake.Open(id, request)));

        var caseId = Assert.Single(results.Select(r => r.Case.Id).Distinct());
        Assert.Contains(caseId, newIds);
        Assert.Single(results, r => r.Created);
        Assert.All(results, r => Assert.Equal(1, r.Case.Version));
        foreach (var unused in newIds.Where(id => id != caseId))
            Assert.Null(await _grains.GetGrain<ICaseGrain>(unused).Get());

        // A later change of the same case on the same ordered stream: once the read model shows it, every earlier event is in.
        await _grains.GetGrain<ICaseGrain>(caseId).Claim(Guangzhou, "branch-guangzhou");
        var region = _grains.GetGrain<IRegionGrain>(South);
        var page = await Eventually.Until(() => region.Query(new CaseQuery(null, null, 1, 100)),
            p => p.Items.Any(c => c.Id == caseId && c.State == CaseState.Claimed));
        Assert.Equal(1, page.Total);
        Assert.Equal(caseId, Assert.Single(page.Items).Id);
    }

    [Fact]
    public async Task A_retry_after_the_case_moved_on_answers_the_case_as_it_is_now_without_creating_another()
    {
        var intake = _grains.GetGrain<IIntakeGrain>($"key-{Guid.NewGuid():N}");
        var request = Request(Severity.P4, North);
        var first = await intake.Open(NewCaseId(), request);
        await _grains.GetGrain<ICaseGrain>(first.Case.Id).Claim(Beijing, "branch-beijing");

        var retry = await intake.Open(NewCaseId(), request);

        Assert.False(retry.Created);
        Assert.Equal(first.Case.Id, retry.Case.Id);
        Assert.Equal(CaseState.Claimed, retry.Case.State);
    }

    [Fact]
    public async Task Reusing_an_idempotency_key_for_a_different_request_is_refused()
    {
        var intake = _grains.GetGrain<IIntakeGrain>($"key-{Guid.NewGuid():N}");
        await intake.Open(NewCaseId(), Request(Severity.P3, North));

        await DomainAssert.Refused(FailureKind.BusinessRule, () => intake.Open(NewCaseId(), Request(Severity.P1, North)));
    }
}
