using Microsoft.Extensions.Logging;
using ServiceGrid.Organization;
using ServiceGrid.Parts;

namespace ServiceGrid.Grains.Organization;

/// <summary>
/// Transfers between depots without losing or doubling a part: the source takes the stock out and stores the transfer
/// as in transit before it tells the destination; the destination receives by transfer id, once, and confirms; the
/// source repeats the delivery of every transfer not yet confirmed on a timer while active, on a durable reminder
/// after a crash, and on activation. Delivery and confirmation are one-way messages, so depots never wait on each other.
/// </summary>
public sealed partial class DepotGrain : IRemindable
{
    const string DeliveryReminder = "transfer-delivery";

    IGrainTimer? _deliveryTimer;

    bool HasTransfersInTransit => Record.Transfers.Values.Any(t => t.Status == TransferStatus.InTransit);

    public async Task<TransferView> SendTransfer(string transferId, string toDepotId, string sku, int qty)
    {
        RequireRegistered();
        if (Record.Transfers.TryGetValue(transferId, out var known)) return known;
        if (qty <= 0) throw DomainException.Invalid("qty", $"'qty' must be at least 1, not {qty}.");
        if (toDepotId == Id) throw DomainException.Invalid("toDepotId", "A transfer goes to another depot.");
        var line = Record.Stock.GetValueOrDefault(sku) ?? throw DomainException.Conflict($"Depot '{Id}' does not stock '{sku}'.");
        if (line.OnHand - line.Reserved < qty)
            throw DomainException.Conflict($"Depot '{Id}' has {line.OnHand - line.Reserved} of '{sku}' available; {qty} to send.");

        Adjust(sku, -qty);
        Record.Transfers[transferId] = new TransferView
        {
            Id = transferId, FromDepotId = Id, ToDepotId = toDepotId, Sku = sku, Qty = qty,
            Status = TransferStatus.InTransit, SentAt = clock.GetUtcNow(),
        };
        Record.TransferOrder.Enqueue(transferId);
        ForgetOldTransfers();
        // The reminder first: should this silo die right after the write below, the transfer is still delivered.
        await this.RegisterOrUpdateReminder(DeliveryReminder, ReminderTicks.MinPeriod, ReminderTicks.MinPeriod);
        await Commit([sku]);
        await DeliverTransfersAsync();
        return Record.Transfers[transferId];
    }

    public Task<TransferView?> GetTransfer(string transferId) => Task.FromResult(Record.Transfers.GetValueOrDefault(transferId));

    public async Task DeliverTransfer(TransferView transfer)
    {
        await Receive(ReceiptId(transfer.Id), transfer.Sku, transfer.Qty);
        await GrainFactory.GetGrain<IDepotGrain>(transfer.FromDepotId).ConfirmTransfer(transfer.Id);
    }

    public async Task ConfirmTransfer(string transferId)
    {
        if (Record.Transfers.GetValueOrDefault(transferId) is not { Status: TransferStatus.InTransit } transfer) return;
        Record.Transfers[transferId] = transfer with { Status = TransferStatus.Delivered, DeliveredAt = clock.GetUtcNow() };
        await state.WriteStateAsync();
        if (HasTransfersInTransit) return;
        _deliveryTimer?.Dispose();
        _deliveryTimer = null;
        if (await this.GetReminder(DeliveryReminder) is { } reminder) await this.UnregisterReminder(reminder);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (HasTransfersInTransit) await DeliverTransfersAsync();
        else if (await this.GetReminder(reminderName) is { } done) await this.UnregisterReminder(done);
    }

    /// <summary>Tells each destination about its transfers in transit, and keeps doing so until each confirms.</summary>
    async Task DeliverTransfersAsync()
    {
        foreach (var transfer in Record.Transfers.Values.Where(t => t.Status == TransferStatus.InTransit).ToList())
        {
            try
            {
                await GrainFactory.GetGrain<IDepotGrain>(transfer.ToDepotId).DeliverTransfer(transfer);
            }
            catch (Exception exception)
            {
                // The transfer is stored; the timer, the reminder or the next activation sends it again.
                LogDeliveryFailed(logger, exception, transfer.Id, Id, transfer.ToDepotId);
            }
        }
        if (HasTransfersInTransit)
            _deliveryTimer ??= this.RegisterGrainTimer(DeliverTransfersAsync, new GrainTimerCreationOptions(parts.Value.DeliveryRetry, parts.Value.DeliveryRetry));
    }

    /// <summary>The receipt id at the destination: the same for every redelivery of one transfer.</summary>
    static string ReceiptId(string transferId) => $"transfer:{transferId}";

    void ForgetOldTransfers()
    {
        // Transfers in transit are never forgotten; delivered ones are kept as long as retries of the request may come.
        for (var i = Record.TransferOrder.Count; i > RememberedOperations && i > 0; i--)
        {
            var oldest = Record.TransferOrder.Dequeue();
            if (Record.Transfers.GetValueOrDefault(oldest)?.Status == TransferStatus.InTransit) Record.TransferOrder.Enqueue(oldest);
            else Record.Transfers.Remove(oldest);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transfer {TransferId} from {FromDepot} to {ToDepot} could not be sent yet; retrying")]
    static partial void LogDeliveryFailed(ILogger logger, Exception exception, string transferId, string fromDepot, string toDepot);
}
