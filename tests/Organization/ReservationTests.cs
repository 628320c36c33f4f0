using ServiceGrid.Cases;
using ServiceGrid.Organization;
using ServiceGrid.Parts;
using ServiceGrid.Tests.Infrastructure;
using static ServiceGrid.Tests.Infrastructure.TestOrganization;

namespace ServiceGrid.Tests.OrganizationGrains;

[Collection(ClusterCollection.Name)]
public sealed class ReservationTests(ClusterFixture fixture)
{
    readonly IGrainFactory _grains = fixture.Grains;

    async Task<StockLine> LineAsync(string depotId, string sku) =>
        (await _grains.GetGrain<IDepotGrain>(depotId).GetStock())!.Value.Single(line => line.Sku == sku);

    static ResolveCase Resolution(params PartLine[] parts) => new() { Summary = "Replaced the PSU", PartsUsed = [.. parts], Actor = "eng" };

    [Fact]
    public async Task Reserved_stock_is_held_for_its_case_and_no_other_case_can_take_it()
    {
        var depotId = await _grains.NewDepotAsync(Beijing, new StockLine("PSU-24V", 4, 0));
        var (holder, _) = await _grains.DispatchedCaseAsync(Severity.P3);
        var (other, _) = await _grains.DispatchedCaseAsync(Severity.P3);

        var reservation = await _grains.GetGrain<ICasePartsGrain>(holder.GetPrimaryKeyString()).Reserve(depotId, "PSU-24V", 3);

        Assert.Equal((depotId, holder.GetPrimaryKeyString(), "PSU-24V", 3), (reservation.DepotId, reservation.CaseId, reservation.Sku, reservation.Qty));
        Assert.Equal(new StockLine("PSU-24V", 4, 3), await LineAsync(depotId, "PSU-24V"));
        await DomainAssert.Refused(FailureKind.Conflict, () => _grains.GetGrain<ICasePartsGrain>(other.GetPrimaryKeyString()).Reserve(depotId, "PSU-24V", 2));
        await other.Respond("r", "eng");
        await other.Arrive("eng");
        await DomainAssert.Refused(FailureKind.Conflict, () => other.Resolve(Resolution(new PartLine(depotId, "PSU-24V", 2))));
        Assert.Equal(new StockLine("PSU-24V", 4, 3), await LineAsync(depotId, "PSU-24V"));
    }

    [Fact]
    public async Task A_retried_reservation_for_the_same_case_and_sku_reserves_once()
    {
        var depotId = await _grains.NewDepotAsync(Beijing, new StockLine("FAN-80", 10, 0));
        var (grain, _) = await _grains.DispatchedCaseAsync(Severity.P3);
        var parts = _grains.GetGrain<ICasePartsGrain>(grain.GetPrimaryKeyString());

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => parts.Reserve(depotId, "FAN-80", 2)));

        Assert.Single(answers.Distinct());
        Assert.Equal(new StockLine("FAN-80", 10, 2), await LineAsync(depotId, "FAN-80"));
        await DomainAssert.Refused(FailureKind.Conflict, () => parts.Reserve(depotId, "FAN-80", 5));
    }

    [Fact]
    public async Task A_reservation_beyond_what_is_available_is_a_conflict_and_reserves_nothing()
    {
        var depotId = await _grains.NewDepotAsync(Beijing, new StockLine("A", 2, 0));
        var (grain, _) = await _grains.DispatchedCaseAsync(Severity.P3);
        var parts = _grains.GetGrain<ICasePartsGrain>(grain.GetPrimaryKeyString());

        await DomainAssert.Refused(FailureKind.Conflict, () => parts.Reserve(depotId, "A", 3));
        await DomainAssert.Refused(FailureKind.Conflict, () => parts.Reserve(depotId, "NOPE", 1));
        await DomainAssert.Refused(FailureKind.Invalid, () => parts.Reserve(depotId, "A", 0));
        await DomainAssert.Refused(FailureKind.NotFound, () => _grains.GetGrain<ICasePartsGrain>(NewCaseId()).Reserve(depotId, "A", 1));

        Assert.Equal(new StockLine("A", 2, 0), await LineAsync(depotId, "A"));
    }

    [Fact]
    public async Task A_case_whose_parts_are_all_reserved_for_it_resolves_and_what_it_did_not_use_is_released()
    {
        var depotId = await _grains.NewDepotAsync(Beijing, new StockLine("PSU-24V", 3, 0), new StockLine("BOARD-7", 1, 0));
        var (grain, _) = await _grains.DispatchedCaseAsync(Severity.P3);
        var parts = _grains.GetGrain<ICasePartsGrain>(grain.GetPrimaryKeyString());
        await parts.Reserve(depotId, "PSU-24V", 3);
        await parts.Reserve(depotId, "BOARD-7", 1);
        await grain.Respond("r", "eng");
        await grain.Arrive("eng");

        var resolved = await grain.Resolve(Resolution(new PartLine(depotId, "PSU-24V", 2)));

        Assert.Equal(CaseState.Resolved, resolved.State);
        Assert.Equal(new StockLine("PSU-24V", 1, 0), await LineAsync(depotId, "PSU-24V"));
        Assert.Equal(new StockLine("BOARD-7", 1, 0), await LineAsync(depotId, "BOARD-7"));
        Assert.Empty(await _grains.GetGrain<IDepotGrain>(depotId).GetReservations(grain.GetPrimaryKeyString()));
        await DomainAssert.Refused(FailureKind.Conflict, () => parts.Reserve(depotId, "PSU-24V", 1));
    }

    [Fact]
    public async Task A_case_uses_its_reservation_first_and_takes_only_the_rest_from_available_stock()
    {
        var depotId = await _grains.NewDepotAsync(Beijing, new StockLine("SEAL", 5, 0));
        var (grain, _) = await _grains.DispatchedCaseAsync(Severity.P3);
        await _grains.GetGrain<ICasePartsGrain>(grain.GetPrimaryKeyString()).Reserve(depotId, "SEAL", 2);
        await grain.Respond("r", "eng");
        await grain.Arrive("eng");

        await grain.Resolve(Resolution(new PartLine(depotId, "SEAL", 4)));

        Assert.Equal(new StockLine("SEAL", 1, 0), await LineAsync(depotId, "SEAL"));
    }

    [Fact]
    public async Task Cancelling_a_case_releases_everything_it_reserved_in_every_depot()
    {
        var first = await _grains.NewDepotAsync(Beijing, new StockLine("A", 5, 0));
        var second = await _grains.NewDepotAsync(Tianjin, new StockLine("B", 5, 0));
        var (grain, _) = await _grains.DispatchedCaseAsync(Severity.P3);
        var parts = _grains.GetGrain<ICasePartsGrain>(grain.GetPrimaryKeyString());
        await parts.Reserve(first, "A", 2);
        await parts.Reserve(second, "B", 5);

        await grain.Cancel("Customer replaced the unit", "csc");

        Assert.Equal(new StockLine("A", 5, 0), await LineAsync(first, "A"));
        Assert.Equal(new StockLine("B", 5, 0), await LineAsync(second, "B"));
        await DomainAssert.Refused(FailureKind.Conflict, () => parts.Reserve(first, "A", 1));
    }

    [Fact]
    public async Task Undoing_a_consumption_puts_what_came_from_the_reservation_back_into_it()
    {
        var depotId = await _grains.NewDepotAsync(Beijing, new StockLine("A", 5, 0));
        var depot = _grains.GetGrain<IDepotGrain>(depotId);
        await depot.Reserve("case-u", "A", 2);

        await depot.ConsumeForCase("case-u", "case-u:resolve", [new PartRequest("A", 3)]);
        Assert.Equal(new StockLine("A", 2, 0), await LineAsync(depotId, "A"));
        await depot.Undo("case-u:resolve");

        Assert.Equal(new StockLine("A", 5, 2), await LineAsync(depotId, "A"));
        Assert.Equal(2, Assert.Single(await depot.GetReservations("case-u")).Qty);
    }
}
