using ServiceGrid.Events;
using ServiceGrid.Organization;
using ServiceGrid.Tests.Infrastructure;
using static ServiceGrid.Tests.Infrastructure.TestOrganization;

namespace ServiceGrid.Tests.OrganizationGrains;

[Collection(ClusterCollection.Name)]
public sealed class ReorderPointTests(ClusterFixture fixture)
{
    readonly IGrainFactory _grains = fixture.Grains;

    async Task<List<Alert>> StockAlertsAsync(string depotId, int atLeast)
    {
        var log = _grains.GetGrain<IAlertLogGrain>(GridStreams.AllKey);
        var alerts = await Eventually.Until(() => log.Since(null, 10_000),
            all => all.Count(a => a.Type == AlertType.StockLow && a.Id.StartsWith(depotId + ":", StringComparison.Ordinal)) >= atLeast);
        return [.. alerts.Where(a => a.Type == AlertType.StockLow && a.Id.StartsWith(depotId + ":", StringComparison.Ordinal))];
    }

    [Fact]
    public async Task Falling_to_the_reorder_point_alerts_hq_once_per_crossing()
    {
        var depotId = await _grains.NewDepotAsync(Beijing, new StockLine("PSU", 6, 0));
        var depot = _grains.GetGrain<IDepotGrain>(depotId);
        Assert.Equal(3, (await depot.GetReorderPoint("PSU")).Level);

        await depot.Consume("a", [new PartRequest("PSU", 2)]);
        Assert.Empty(await StockAlertsAsync(depotId, 0));
        await depot.Consume("b", [new PartRequest("PSU", 1)]);
        await depot.Consume("c", [new PartRequest("PSU", 1)]);
        var first = Assert.Single(await StockAlertsAsync(depotId, 1));
        Assert.Equal((RecipientRole.Headquarters, North, (string?)null), (first.RecipientRole, first.Region, first.CaseId));
        Assert.Contains("PSU", first.Message);

        await depot.Receive("transfer:r", "PSU", 5);
        await depot.Reserve("case-r", "PSU", 4);

        var alerts = await StockAlertsAsync(depotId, 2);
        Assert.Equal(2, alerts.Count);
        Assert.Equal(2, alerts.Select(a => a.Id).Distinct().Count());
    }

    [Fact]
    public async Task Raising_a_reorder_point_above_the_available_stock_alerts_at_once()
    {
        var depotId = await _grains.NewDepotAsync(Beijing, new StockLine("FAN", 10, 0));
        var depot = _grains.GetGrain<IDepotGrain>(depotId);

        var point = await depot.SetReorderPoint("FAN", 12);

        Assert.Equal(12, point.Level);
        Assert.Single(await StockAlertsAsync(depotId, 1));
        await DomainAssert.Refused(FailureKind.Invalid, () => depot.SetReorderPoint("FAN", -1));
        await DomainAssert.Refused(FailureKind.NotFound, () => depot.SetReorderPoint("NOPE", 1));
    }
}
