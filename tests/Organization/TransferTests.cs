using ServiceGrid.Organization;
using ServiceGrid.Parts;
using ServiceGrid.Tests.Infrastructure;
using static ServiceGrid.Tests.Infrastructure.TestOrganization;

namespace ServiceGrid.Tests.OrganizationGrains;

[Collection(ClusterCollection.Name)]
public sealed class TransferTests(ClusterFixture fixture)
{
    readonly IGrainFactory _grains = fixture.Grains;

    /// <summary>Waits for deliveries, moving the fake clock so that the sources' retry timers fire as they would in real time.</summary>
    Task<T> DeliveredAsync<T>(Func<Task<T>> read, Func<T, bool> holds) =>
        Eventually.Until(async () =>
        {
            await fixture.AdvanceAsync(TimeSpan.FromSeconds(1));
            return await read();
        }, holds);

    async Task<int> OnHandAsync(string depotId, string sku) =>
        (await _grains.GetGrain<IDepotGrain>(depotId).GetStock())!.Value.SingleOrDefault(line => line.Sku == sku)?.OnHand ?? 0;

    [Fact]
    public async Task A_transfer_moves_the_parts_from_one_depot_to_the_other_once_however_often_it_is_retried()
    {
        var hq = await _grains.NewDepotAsync(Beijing, new StockLine("PSU", 50, 0));
        var branch = await _grains.NewDepotAsync(Shanghai, new StockLine("PSU", 1, 0));
        var source = _grains.GetGrain<IDepotGrain>(hq);

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => source.SendTransfer("tr-1", branch, "PSU", 8)));

        // A retry answers the transfer as it stands, so a late one may already see it delivered: one transfer, whatever its status.
        var transfer = Assert.Single(answers.Select(a => (a.Id, a.FromDepotId, a.ToDepotId, a.Sku, a.Qty)).Distinct());
        Assert.Equal(("tr-1", hq, branch, "PSU", 8), transfer);
        Assert.Equal(42, await OnHandAsync(hq, "PSU"));
        var delivered = await DeliveredAsync(() => source.GetTransfer("tr-1"), t => t?.Status == TransferStatus.Delivered);
        Assert.NotNull(delivered?.DeliveredAt);
        Assert.Equal(9, await OnHandAsync(branch, "PSU"));
        Assert.Equal(delivered, await source.SendTransfer("tr-1", branch, "PSU", 8));
        Assert.Equal(9, await OnHandAsync(branch, "PSU"));
    }

    [Fact]
    public async Task Concurrent_transfers_neither_lose_nor_duplicate_a_part_and_never_overdraw_the_source()
    {
        var hq = await _grains.NewDepotAsync(Beijing, new StockLine("FAN", 20, 0));
        var north = await _grains.NewDepotAsync(Tianjin);
        var east = await _grains.NewDepotAsync(Shanghai, new StockLine("FAN", 3, 0));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 30).Select(async i =>
        {
            try
            {
                await _grains.GetGrain<IDepotGrain>(hq).SendTransfer($"t-{i}", i % 2 == 0 ? north : east, "FAN", 1 + i % 3);
                return true;
            }
            catch (DomainException refusal) when (refusal.Kind == FailureKind.Conflict) { return false; }
        }));

        Assert.Contains(false, outcomes);
        var source = _grains.GetGrain<IDepotGrain>(hq);
        await DeliveredAsync(async () => (await Task.WhenAll(Enumerable.Range(0, 30).Select(i => source.GetTransfer($"t-{i}"))))
            .All(t => t is null || t.Status == TransferStatus.Delivered), all => all);
        Assert.Equal(23, await OnHandAsync(hq, "FAN") + await OnHandAsync(north, "FAN") + await OnHandAsync(east, "FAN"));
        Assert.InRange(await OnHandAsync(hq, "FAN"), 0, 20);
    }

    [Fact]
    public async Task Two_depots_sending_to_each_other_at_once_both_deliver()
    {
        var a = await _grains.NewDepotAsync(Beijing, new StockLine("X", 10, 0));
        var b = await _grains.NewDepotAsync(Shanghai, new StockLine("X", 10, 0));

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => i % 2 == 0
            ? _grains.GetGrain<IDepotGrain>(a).SendTransfer($"ab-{i}", b, "X", 1)
            : _grains.GetGrain<IDepotGrain>(b).SendTransfer($"ba-{i}", a, "X", 2)));

        await DeliveredAsync(async () => (await OnHandAsync(a, "X"), await OnHandAsync(b, "X")), x => x == (15, 5));
        Assert.Equal((15, 5), (await OnHandAsync(a, "X"), await OnHandAsync(b, "X")));
    }

    [Fact]
    public async Task A_transfer_the_destination_could_not_take_stays_in_transit_and_is_delivered_by_the_retry_timer()
    {
        var hq = await _grains.NewDepotAsync(Beijing, new StockLine("PSU", 10, 0));
        var later = $"depot-{Guid.NewGuid():N}";
        var source = _grains.GetGrain<IDepotGrain>(hq);

        var sent = await source.SendTransfer("late-1", later, "PSU", 4);
        await Task.Delay(200);

        Assert.Equal(TransferStatus.InTransit, sent.Status);
        Assert.Equal(TransferStatus.InTransit, (await source.GetTransfer("late-1"))!.Status);
        Assert.Equal(6, await OnHandAsync(hq, "PSU"));

        await _grains.GetGrain<IDepotGrain>(later).Register(new DepotProfile("Opened late", North, Tianjin), []);
        var delivered = await DeliveredAsync(() => source.GetTransfer("late-1"), t => t?.Status == TransferStatus.Delivered);

        Assert.Equal(TransferStatus.Delivered, delivered!.Status);
        Assert.Equal(4, await OnHandAsync(later, "PSU"));
    }

    [Fact]
    public async Task A_transfer_of_more_than_is_available_moves_nothing()
    {
        var hq = await _grains.NewDepotAsync(Beijing, new StockLine("PSU", 5, 0));
        var branch = await _grains.NewDepotAsync(Shanghai);
        var source = _grains.GetGrain<IDepotGrain>(hq);
        await source.Reserve("case-t", "PSU", 2);

        await DomainAssert.Refused(FailureKind.Conflict, () => source.SendTransfer("a", branch, "PSU", 4));
        await DomainAssert.Refused(FailureKind.Invalid, () => source.SendTransfer("c", hq, "PSU", 1));

        Assert.Equal(5, await OnHandAsync(hq, "PSU"));
        Assert.Equal(0, await OnHandAsync(branch, "PSU"));
        Assert.Null(await source.GetTransfer("a"));
    }

    [Fact]
    public async Task A_redelivered_receipt_is_counted_once()
    {
        var depotId = await _grains.NewDepotAsync(Beijing, new StockLine("PSU", 1, 0));
        var depot = _grains.GetGrain<IDepotGrain>(depotId);

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => depot.Receive("transfer:x", "PSU", 4)));
        await depot.Receive("transfer:y", "NEW-SKU", 2);

        Assert.Equal(5, await OnHandAsync(depotId, "PSU"));
        Assert.Equal(2, await OnHandAsync(depotId, "NEW-SKU"));
    }
}
