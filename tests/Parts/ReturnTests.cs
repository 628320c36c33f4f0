using ServiceGrid.Cases;
using ServiceGrid.Organization;
using ServiceGrid.Parts;
using ServiceGrid.Tests.Infrastructure;
using static ServiceGrid.Tests.Infrastructure.TestOrganization;

namespace ServiceGrid.Tests.Parts;

[Collection(ClusterCollection.Name)]
public sealed class ReturnTests(ClusterFixture fixture)
{
    /// <summary>PartsOptions' default: HQ's technical service center puts parts that passed inspection into HQ's store.</summary>
    const string RepairDepot = "depot-hq";

    readonly IGrainFactory _grains = fixture.Grains;

    async Task<(ICaseGrain Case, IReturnGrain Return, string Sku)> TakenBackAsync()
    {
        await _grains.GetGrain<IDepotGrain>(RepairDepot).Register(new DepotProfile("HQ store", North, null), []);
        var (grain, _) = await _grains.DispatchedCaseAsync(Severity.P3);
        await grain.Respond("r", "eng");
        var onSite = await grain.Arrive("eng");
        var sku = $"PSU-{Guid.NewGuid():N}";
        var serial = $"SN-{Guid.NewGuid():N}";
        var returned = _grains.GetGrain<IReturnGrain>(ReturnIds.For(onSite.Id, serial));
        await returned.TakeBack(new TakeBackPart(onSite.Id, sku, serial, "eng"));
        return (grain, returned, sku);
    }

    async Task<int> RepairDepotOnHandAsync(string sku) =>
        (await _grains.GetGrain<IDepotGrain>(RepairDepot).GetStock())!.Value.SingleOrDefault(line => line.Sku == sku)?.OnHand ?? 0;

    [Fact]
    public async Task A_part_repaired_and_passed_by_inspection_goes_back_into_the_repair_depot_once()
    {
        var (grain, returned, sku) = await TakenBackAsync();

        var received = (await returned.Get())!;
        Assert.Equal((ReturnStatus.Received, Beijing), (received.Status, received.BranchId));
        Assert.Equal(ReturnStatus.Repaired, (await returned.MarkRepaired("tsc")).Status);
        var inspected = await returned.Inspect(passed: true, "tsc");

        Assert.Equal((ReturnStatus.Restocked, true, RepairDepot), (inspected.Status, inspected.Passed, inspected.RestockedTo));
        Assert.Equal(1, await RepairDepotOnHandAsync(sku));
        await DomainAssert.Refused(FailureKind.Conflict, () => returned.Inspect(passed: true, "tsc"));
        Assert.Equal(1, await RepairDepotOnHandAsync(sku));
        Assert.Equal(grain.GetPrimaryKeyString(), inspected.CaseId);
    }

    [Fact]
    public async Task A_part_that_fails_inspection_is_scrapped_and_never_restocked()
    {
        var (_, returned, sku) = await TakenBackAsync();
        await returned.MarkRepaired("tsc");

        var inspected = await returned.Inspect(passed: false, "tsc");

        Assert.Equal((ReturnStatus.Scrapped, false, (string?)null), (inspected.Status, inspected.Passed, inspected.RestockedTo));
        Assert.Equal(0, await RepairDepotOnHandAsync(sku));
    }

    [Fact]
    public async Task Steps_out_of_order_are_conflicts()
    {
        var (_, returned, _) = await TakenBackAsync();

        await DomainAssert.Refused(FailureKind.Conflict, () => returned.Inspect(passed: true, "tsc"));
        await returned.MarkRepaired("tsc");
        await DomainAssert.Refused(FailureKind.Conflict, () => returned.MarkRepaired("tsc"));
        await DomainAssert.Refused(FailureKind.NotFound, () => _grains.GetGrain<IReturnGrain>($"ret-{Guid.NewGuid():N}").MarkRepaired("tsc"));
    }

    [Fact]
    public async Task Taking_the_same_part_back_again_answers_the_same_return_and_a_part_is_taken_back_only_on_site()
    {
        var (_, returned, _) = await TakenBackAsync();
        var first = (await returned.Get())!;

        Assert.Equal(first, await returned.TakeBack(new TakeBackPart(first.CaseId, first.Sku, first.Serial, "eng")));
        await DomainAssert.Refused(FailureKind.Conflict, () => returned.TakeBack(new TakeBackPart(first.CaseId, "OTHER", first.Serial, "eng")));

        var open = await _grains.OpenCaseAsync(Severity.P3);
        await DomainAssert.Refused(FailureKind.Conflict, () =>
            _grains.GetGrain<IReturnGrain>(ReturnIds.For(open.Id, "SN-1")).TakeBack(new TakeBackPart(open.Id, "PSU", "SN-1", "eng")));
        await DomainAssert.Refused(FailureKind.NotFound, () =>
            _grains.GetGrain<IReturnGrain>(ReturnIds.For("nope", "SN-1")).TakeBack(new TakeBackPart("nope", "PSU", "SN-1", "eng")));
    }
}
