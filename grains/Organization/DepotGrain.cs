using System.Collections.Immutable;
using ServiceGrid.Events;
using ServiceGrid.Organization;

namespace ServiceGrid.Grains.Organization;

[GenerateSerializer, Alias("ServiceGrid.DepotRecord")]
public sealed class DepotRecord
{
    [Id(0)] public DepotProfile? Profile { get; set; }
    [Id(1)] public Dictionary<string, StockLine> Stock { get; set; } = [];
    /// <summary>Recent consumptions by operation id, so a retried consumption is not taken twice.</summary>
    [Id(2)] public Dictionary<string, ImmutableArray<PartRequest>> Consumptions { get; set; } = [];
    [Id(3)] public Queue<string> ConsumptionOrder { get; set; } = new();
}

/// <summary>A spare-parts depot: the only writer of its stock, which never goes below zero.</summary>
public sealed class DepotGrain(
    [PersistentState("depot", StorageNames.Organization)] IPersistentState<DepotRecord> state,
    TimeProvider clock) : Grain, IDepotGrain
{
    /// <summary>How many consumptions are remembered for retries; a retry comes within minutes, not thousands of cases later.</summary>
    const int RememberedConsumptions = 10_000;

    DepotRecord Record => state.State;

    public async Task Register(DepotProfile profile, ImmutableArray<StockLine> stock)
    {
        if (Record.Profile == profile && stock.All(line => Record.Stock.GetValueOrDefault(line.Sku) is not null)) return;
        Record.Profile = profile;
        foreach (var line in stock) Record.Stock.TryAdd(line.Sku, line);
        await state.WriteStateAsync();
    }

    public Task<ImmutableArray<StockLine>?> GetStock()
    {
        if (Record.Profile is null) DeactivateOnIdle();
        return Task.FromResult<ImmutableArray<StockLine>?>(Record.Profile is null
            ? null
            : [.. Record.Stock.Values.OrderBy(line => line.Sku, StringComparer.Ordinal)]);
    }

    public async Task Consume(string operationId, ImmutableArray<PartRequest> parts)
    {
        RequireRegistered();
        // A zero or negative quantity would pass the availability check and put stock back that was never returned.
        if (parts.FirstOrDefault(p => p.Qty <= 0) is { } invalid)
            throw DomainException.Invalid("qty", $"The quantity of '{invalid.Sku}' must be at least 1, not {invalid.Qty}.");
        if (Record.Consumptions.ContainsKey(operationId)) return;

        var needed = parts.GroupBy(p => p.Sku).Select(g => new PartRequest(g.Key, g.Sum(p => p.Qty))).ToList();
        foreach (var part in needed)
        {
            var line = Record.Stock.GetValueOrDefault(part.Sku)
                ?? throw DomainException.Conflict($"Depot '{this.GetPrimaryKeyString()}' does not stock '{part.Sku}'.");
            var available = line.OnHand - line.Reserved;
            if (available < part.Qty)
                throw DomainException.Conflict(
                    $"Depot '{this.GetPrimaryKeyString()}' has {available} of '{part.Sku}' available; {part.Qty} needed.");
        }

        foreach (var part in needed) Adjust(part.Sku, -part.Qty);
        Record.Consumptions[operationId] = [.. needed];
        Record.ConsumptionOrder.Enqueue(operationId);
        while (Record.ConsumptionOrder.Count > RememberedConsumptions)
            Record.Consumptions.Remove(Record.ConsumptionOrder.Dequeue());
        await Commit(needed.Select(p => p.Sku));
    }

    public async Task Undo(string operationId)
    {
        if (!Record.Consumptions.Remove(operationId, out var parts)) return;
        foreach (var part in parts) Adjust(part.Sku, part.Qty);
        await Commit(parts.Select(p => p.Sku));
    }

    void Adjust(string sku, int delta) => Record.Stock[sku] = Record.Stock[sku] with { OnHand = Record.Stock[sku].OnHand + delta };

    void RequireRegistered()
    {
        if (Record.Profile is null) throw DomainException.NotFound("Depot", this.GetPrimaryKeyString());
    }

    async Task Commit(IEnumerable<string> changedSkus)
    {
        await state.WriteStateAsync();
        var stream = this.RegionStream(Record.Profile!.RegionId);
        var now = clock.GetUtcNow();
        foreach (var sku in changedSkus.Distinct())
            await stream.OnNextAsync(new StockChanged(this.GetPrimaryKeyString(), Record.Stock[sku], now));
    }
}
