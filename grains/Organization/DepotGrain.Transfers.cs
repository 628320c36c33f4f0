using Microsoft.Extensions.Logging;
using ServiceGrid.Organization;
using ServiceGrid.Parts;

namespace ServiceGrid.Grains.Organization;

/// <summary>
/// Transfers between depots without losing or doubling a part: the source takes the stock out and stores the transfer
/// as in transit before it calls the destination; the destination receives by transfer id, once; the source retries
/// every transfer still in transit on a timer while active, on a durable reminder after a crash, and on activation.
/// </summary>
public sealed partial class DepotGrain : IRemindable
{
    const string DeliveryReminder = "transfer-delivery";
    static readonly TimeSpan DeliveryRetry = TimeSpan.FromSeconds(5);
    /// <summary>Orleans reminders tick at most once a minute.</summary>
    static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);

    IGrainTimer? _deliveryTimer;

    bool HasTransfersInTransit => Record.Transfers.Values.Any(t => t.Status == TransferStatus.InTransit);

    public async Task<TransferView> SendTransfer(string transferId, string toDepotId, string sku, int qty)
    {
        RequireRegistered();
        if (Record.Transfers.TryGetValue(transferId, out var known)) return known;
        if (qty <= 0) throw DomainException.Invalid("qty", $"'qty' must be at least 1, not {qty}.");
        if (toDepotId == Id) throw DomainException.Invalid("toDepotId", "A transfer goes to another depot.");
        if (await GrainFactory.GetGrain<IDepotGrain>(toDepotId).GetStock() is null) throw DomainException.NotFound("Depot", toDepotId);
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
        await this.RegisterOrUpdateReminder(DeliveryReminder, ReminderPeriod, ReminderPeriod);
        await Commit([sku]);
        await DeliverTransfersAsync();
        return Record.Transfers[transferId];
    }

    public Task<TransferView?> GetTransfer(string transferId) => Task.FromResult(Record.Transfers.GetValueOrDefault(transferId));

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (HasTransfersInTransit) await DeliverTransfersAsync();
        else if (await this.GetReminder(reminderName) is { } done) await this.UnregisterReminder(done);
    }

    /// <summary>Tells each destination about its transfers in transit; what fails stays in transit and is retried.</summary>
    async Task DeliverTransfersAsync()
    {
        var delivered = false;
        foreach (var transfer in Record.Transfers.Values.Where(t => t.Status == TransferStatus.InTransit).ToList())
        {
            try
            {
                await GrainFactory.GetGrain<IDepotGrain>(transfer.ToDepotId).Receive(ReceiptId(transfer.Id), transfer.Sku, transfer.Qty);
                Record.Transfers[transfer.Id] = transfer with { Status = TransferStatus.Delivered, DeliveredAt = clock.GetUtcNow() };
                delivered = true;
            }
            catch (Exception exception)
            {
                LogDeliveryFailed(logger, exception, transfer.Id, Id, transfer.ToDepotId);
            }
        }
        if (delivered) await state.WriteStateAsync();

        if (HasTransfersInTransit)
        {
            _deliveryTimer ??= this.RegisterGrainTimer(DeliverTransfersAsync, new GrainTimerCreationOptions(DeliveryRetry, DeliveryRetry));
            return;
        }
        _deliveryTimer?.Dispose();
        _deliveryTimer = null;
        if (delivered && await this.GetReminder(DeliveryReminder) is { } reminder) await this.UnregisterReminder(reminder);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transfer {TransferId} from {FromDepot} to {ToDepot} is not delivered yet; retrying")]
    static partial void LogDeliveryFailed(ILogger logger, Exception exception, string transferId, string fromDepot, string toDepot);
}
