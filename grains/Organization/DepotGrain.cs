using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceGrid.Events;
using ServiceGrid.Organization;
using ServiceGrid.Parts;

namespace ServiceGrid.Grains.Organization;

/// <summary>
/// A spare-parts depot: the only writer of its stock, which never goes below zero. Available stock is on hand minus
/// reserved; only the case that reserved stock may take it.
/// </summary>
public sealed partial class DepotGrain(
    [PersistentState("depot", StorageNames.Organization)] IPersistentState<DepotRecord> state,
    IOptions<PartsOptions> parts,
    TimeProvider clock,
    ILogger<DepotGrain> logger) : Grain, IDepotGrain
{
    int RememberedOperations => parts.Value.RememberedOperations;

    DepotRecord Record => state.State;
    string Id => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Record.Profile is null) return;
        await PublishAlertsAsync();
        if (HasTransfersInTransit) await DeliverTransfersAsync();
    }

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

    public Task Consume(string operationId, ImmutableArray<PartRequest> parts) => ConsumeForCase("", operationId, parts);

    public async Task ConsumeForCase(string caseId, string operationId, ImmutableArray<PartRequest> parts)
    {
        RequireRegistered();
        // A zero or negative quantity would pass the availability check and put stock back that was never returned.
        if (parts.FirstOrDefault(p => p.Qty <= 0) is { } invalid)
            throw DomainException.Invalid("qty", $"The quantity of '{invalid.Sku}' must be at least 1, not {invalid.Qty}.");
        if (Record.Consumptions.ContainsKey(operationId)) return;

        var needed = parts.GroupBy(p => p.Sku).Select(g => new PartRequest(g.Key, g.Sum(p => p.Qty))).ToList();
        var own = Record.Reservations.GetValueOrDefault(caseId) ?? [];
        var fromReservation = new List<PartRequest>();
        foreach (var part in needed)
        {
            var line = Record.Stock.GetValueOrDefault(part.Sku)
                ?? throw DomainException.Conflict($"Depot '{Id}' does not stock '{part.Sku}'.");
            var reserved = Math.Min(part.Qty, own.FirstOrDefault(r => r.Sku == part.Sku)?.Qty ?? 0);
            var available = line.OnHand - line.Reserved;
            if (available < part.Qty - reserved)
                throw DomainException.Conflict(
                    $"Depot '{Id}' has {available} of '{part.Sku}' available{(reserved > 0 ? $" besides {reserved} reserved for the case" : "")}; {part.Qty} needed.");
            if (reserved > 0) fromReservation.Add(new PartRequest(part.Sku, reserved));
        }

        foreach (var part in needed) Adjust(part.Sku, -part.Qty);
        foreach (var part in fromReservation) AdjustReservation(caseId, part.Sku, -part.Qty);
        if (fromReservation.Count > 0) Record.FromReservations[operationId] = new ReservedConsumption(caseId, [.. fromReservation]);
        Record.Consumptions[operationId] = [.. needed];
        Record.ConsumptionOrder.Enqueue(operationId);
        while (Record.ConsumptionOrder.Count > RememberedOperations)
        {
            var forgotten = Record.ConsumptionOrder.Dequeue();
            Record.Consumptions.Remove(forgotten);
            Record.FromReservations.Remove(forgotten);
        }
        await Commit(needed.Select(p => p.Sku));
    }

    public async Task Undo(string operationId)
    {
        if (!Record.Consumptions.Remove(operationId, out var parts)) return;
        foreach (var part in parts) Adjust(part.Sku, part.Qty);
        if (Record.FromReservations.Remove(operationId, out var reserved))
            foreach (var part in reserved.Parts) AdjustReservation(reserved.CaseId, part.Sku, part.Qty);
        await Commit(parts.Select(p => p.Sku));
    }

    public async Task<ReservationView> Reserve(string caseId, string sku, int qty)
    {
        RequireRegistered();
        if (qty <= 0) throw DomainException.Invalid("qty", $"'qty' must be at least 1, not {qty}.");
        if (Record.Reservations.GetValueOrDefault(caseId)?.FirstOrDefault(r => r.Sku == sku) is { } existing)
        {
            return existing.Qty == qty
                ? existing
                : throw DomainException.Conflict($"Case '{caseId}' already holds {existing.Qty} of '{sku}' in depot '{Id}'.");
        }
        var line = Record.Stock.GetValueOrDefault(sku) ?? throw DomainException.Conflict($"Depot '{Id}' does not stock '{sku}'.");
        if (line.OnHand - line.Reserved < qty)
            throw DomainException.Conflict($"Depot '{Id}' has {line.OnHand - line.Reserved} of '{sku}' available; {qty} needed.");

        AdjustReservation(caseId, sku, qty);
        await Commit([sku]);
        return Record.Reservations[caseId].Single(r => r.Sku == sku);
    }

    public async Task ReleaseReservations(string caseId)
    {
        if (!Record.Reservations.Remove(caseId, out var held))
        {
            if (Record.Profile is null) DeactivateOnIdle();
            return;
        }
        foreach (var reservation in held)
            Record.Stock[reservation.Sku] = Record.Stock[reservation.Sku] with { Reserved = Record.Stock[reservation.Sku].Reserved - reservation.Qty };
        await Commit(held.Select(r => r.Sku));
    }

    public Task<ImmutableArray<ReservationView>> GetReservations(string caseId) =>
        Task.FromResult(Record.Reservations.GetValueOrDefault(caseId)?.ToImmutableArray() ?? []);

    public async Task Receive(string operationId, string sku, int qty)
    {
        RequireRegistered();
        if (qty <= 0) throw DomainException.Invalid("qty", $"'qty' must be at least 1, not {qty}.");
        if (!Record.Receipts.Add(operationId)) return;
        Record.ReceiptOrder.Enqueue(operationId);
        while (Record.ReceiptOrder.Count > RememberedOperations) Record.Receipts.Remove(Record.ReceiptOrder.Dequeue());
        Record.Stock.TryAdd(sku, new StockLine(sku, 0, 0));
        Adjust(sku, qty);
        await Commit([sku]);
    }

    void Adjust(string sku, int delta) => Record.Stock[sku] = Record.Stock[sku] with { OnHand = Record.Stock[sku].OnHand + delta };

    /// <summary>Moves <paramref name="delta"/> into (or out of) the case's reservation of the SKU and the line's reserved count.</summary>
    void AdjustReservation(string caseId, string sku, int delta)
    {
        if (!Record.Reservations.TryGetValue(caseId, out var held)) Record.Reservations[caseId] = held = [];
        var index = held.FindIndex(r => r.Sku == sku);
        if (index < 0)
        {
            held.Add(new ReservationView(Id, caseId, sku, 0, clock.GetUtcNow()));
            index = held.Count - 1;
        }
        held[index] = held[index] with { Qty = held[index].Qty + delta };
        if (held[index].Qty <= 0) held.RemoveAt(index);
        if (held.Count == 0) Record.Reservations.Remove(caseId);
        Record.Stock[sku] = Record.Stock[sku] with { Reserved = Record.Stock[sku].Reserved + delta };
    }

    void RequireRegistered()
    {
        if (Record.Profile is null) throw DomainException.NotFound("Depot", Id);
    }

    /// <summary>Stores the change, then announces it: the new stock lines, and any reorder point it crossed.</summary>
    async Task Commit(IEnumerable<string> changedSkus)
    {
        var skus = changedSkus.Distinct().ToList();
        var now = clock.GetUtcNow();
        foreach (var sku in skus) CheckReorderPoint(sku, now);
        await state.WriteStateAsync();
        var stream = this.RegionStream(Record.Profile!.RegionId);
        foreach (var sku in skus)
            await stream.OnNextAsync(new StockChanged(Id, Record.Stock[sku], now));
        await PublishAlertsAsync();
    }
}
