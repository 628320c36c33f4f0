using ServiceGrid.Cases;
using ServiceGrid.Organization;
using ServiceGrid.Tests.Infrastructure;
using static ServiceGrid.Tests.Infrastructure.TestOrganization;

namespace ServiceGrid.Tests.OrganizationGrains;

[Collection(ClusterCollection.Name)]
public sealed class DepotTests(ClusterFixture fixture)
{
    readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task Concurrent_consumptions_never_take_more_than_is_on_hand()
    {
        var depotId = await _grains.NewDepotAsync(Beijing, new StockLine("PSU-24V", 25, 0));
        var depot = _grains.GetGrain<IDepotGrain>(depotId);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 60).Select(async i =>
        {
            var qty = i % 3 == 0 ? 2 : 1;
            try { await depot.Consume($"op-{i}", [new PartRequest("PSU-24V", qty)]); return (qty, error: (DomainException?)null); }
            catch (DomainException refusal) { return (qty, error: refusal); }
        }));

        var consumed = outcomes.Where(o => o.error is null).Sum(o => o.qty);
        Assert.All(outcomes.Where(o => o.error is not null), o => Assert.Equal(FailureKind.Conflict, o.error!.Kind));
        Assert.Contains(outcomes, o => o.error is not null);
        var line = Assert.Single((await depot.GetStock())!.Value);
        Assert.InRange(line.OnHand, 0, 25);
        Assert.Equal(25 - consumed, line.OnHand);
    }

    [Fact]
    public async Task A_repeated_operation_id_takes_the_parts_only_once()
    {
        var depotId = await _grains.NewDepotAsync(Beijing, new StockLine("FAN-80", 10, 0));
        var depot = _grains.GetGrain<IDepotGrain>(depotId);

        await depot.Consume("case-x:resolve", [new PartRequest("FAN-80", 3)]);
        await depot.Consume("case-x:resolve", [new PartRequest("FAN-80", 3)]);
        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => depot.Consume("case-y:resolve", [new PartRequest("FAN-80", 2)])));

        Assert.Equal(5, Assert.Single((await depot.GetStock())!.Value).OnHand);
    }

    [Fact]
    public async Task A_consumption_that_cannot_be_met_in_full_takes_nothing()
    {
        var depotId = await _grains.NewDepotAsync(Beijing, new StockLine("A", 5, 0), new StockLine("B", 1, 0));
        var depot = _grains.GetGrain<IDepotGrain>(depotId);

        await DomainAssert.Refused(FailureKind.Conflict, () => depot.Consume("op", [new PartRequest("A", 2), new PartRequest("B", 2)]));
        await DomainAssert.Refused(FailureKind.Conflict, () => depot.Consume("op2", [new PartRequest("A", 1), new PartRequest("NOPE", 1)]));

        Assert.Equal<StockLine>([new StockLine("A", 5, 0), new StockLine("B", 1, 0)], (await depot.GetStock())!.Value.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public async Task A_consumption_of_zero_or_a_negative_quantity_is_invalid_and_does_not_create_stock(int qty)
    {
        var depotId = await _grains.NewDepotAsync(Beijing, new StockLine("A", 5, 0));
        var depot = _grains.GetGrain<IDepotGrain>(depotId);

        await DomainAssert.Refused(FailureKind.Invalid, () => depot.Consume("op", [new PartRequest("A", qty)]));

        Assert.Equal(5, Assert.Single((await depot.GetStock())!.Value).OnHand);
    }

    [Fact]
    public async Task Resolving_with_parts_that_are_not_in_stock_is_a_conflict_and_changes_nothing()
    {
        var stocked = await _grains.NewDepotAsync(Beijing, new StockLine("PSU-24V", 4, 0));
        var short_ = await _grains.NewDepotAsync(Beijing, new StockLine("BOARD-7", 1, 0));
        var (grain, engineerId) = await _grains.DispatchedCaseAsync(Severity.P3);
        await grain.Respond("On my way", "eng");
        var before = await grain.Arrive("eng");

        await DomainAssert.Refused(FailureKind.Conflict, () => grain.Resolve(new ResolveCase
        {
            Summary = "Replaced the PSU and the board",
            PartsUsed = [new PartLine(stocked, "PSU-24V", 2), new PartLine(short_, "BOARD-7", 2)],
            Actor = "eng",
        }));

        var after = (await grain.Get())!;
        Assert.Equal(CaseState.OnSite, after.State);
        Assert.Equal(before.Version, after.Version);
        Assert.Null(after.Resolution);
        Assert.Equal(MilestoneStatus.Pending, after.Sla.Resolution.Status);
        Assert.Equal(4, Assert.Single((await _grains.GetGrain<IDepotGrain>(stocked).GetStock())!.Value).OnHand);
        Assert.Equal(1, Assert.Single((await _grains.GetGrain<IDepotGrain>(short_).GetStock())!.Value).OnHand);
        Assert.Equal(grain.GetPrimaryKeyString(), (await _grains.GetGrain<IEngineerGrain>(engineerId).Get())!.CurrentCaseId);

        // With the parts on hand the same resolution goes through and takes them once.
        var resolved = await grain.Resolve(new ResolveCase
        {
            Summary = "Replaced the PSU",
            PartsUsed = [new PartLine(stocked, "PSU-24V", 2)],
            Actor = "eng",
        });
        Assert.Equal(CaseState.Resolved, resolved.State);
        Assert.Equal(2, Assert.Single((await _grains.GetGrain<IDepotGrain>(stocked).GetStock())!.Value).OnHand);
        await DomainAssert.Refused(FailureKind.Conflict, () => grain.Resolve(new ResolveCase
        {
            Summary = "Again", PartsUsed = [new PartLine(stocked, "PSU-24V", 2)], Actor = "eng",
        }));
        Assert.Equal(2, Assert.Single((await _grains.GetGrain<IDepotGrain>(stocked).GetStock())!.Value).OnHand);
    }
}
