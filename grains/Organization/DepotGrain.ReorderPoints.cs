using Microsoft.Extensions.Logging;
using ServiceGrid.Events;
using ServiceGrid.Organization;
using ServiceGrid.Parts;

namespace ServiceGrid.Grains.Organization;

/// <summary>
/// Reorder points: when a SKU's available stock falls to its level, HQ is alerted once (service plan 2(3): no customer
/// waits for a part); it must rise above the level before the next fall raises a new alert.
/// </summary>
public sealed partial class DepotGrain
{
    public async Task<ReorderPointView> SetReorderPoint(string sku, int level)
    {
        RequireRegistered();
        if (level < 0) throw DomainException.Invalid("level", $"'level' must be 0 or more, not {level}.");
        if (!Record.Stock.ContainsKey(sku)) throw DomainException.NotFound("Stock line", $"{Id}/{sku}");
        Record.ReorderPoints[sku] = level;
        await Commit([sku]);
        return new ReorderPointView(Id, sku, level);
    }

    public Task<ReorderPointView> GetReorderPoint(string sku)
    {
        RequireRegistered();
        return Task.FromResult(new ReorderPointView(Id, sku, ReorderPoint(sku)));
    }

    int ReorderPoint(string sku) =>
        Record.ReorderPoints.TryGetValue(sku, out var level) ? level
        : Record.Profile?.BranchId is null ? parts.Value.CentralReorderPoint
        : parts.Value.ReorderPoint;

    /// <summary>Records a crossing of the SKU's reorder point; an alert for a fall is stored with the change, published after it.</summary>
    void CheckReorderPoint(string sku, DateTimeOffset now)
    {
        var line = Record.Stock[sku];
        var available = line.OnHand - line.Reserved;
        var level = ReorderPoint(sku);
        if (available > level)
        {
            Record.Low.Remove(sku);
            return;
        }
        if (!Record.Low.Add(sku)) return;
        var crossing = Record.LowCrossings[sku] = Record.LowCrossings.GetValueOrDefault(sku) + 1;
        Record.PendingAlerts.Add(new Alert
        {
            Id = $"{Id}:{sku}:{crossing}:stockLow",
            At = now,
            Type = AlertType.StockLow,
            Region = Record.Profile!.RegionId,
            RecipientRole = RecipientRole.Headquarters,
            Message = $"Depot {Id} has {available} of {sku} available (reorder point {level}): replenish it",
        });
    }

    async Task PublishAlertsAsync()
    {
        if (Record.PendingAlerts.Count == 0) return;
        try
        {
            foreach (var alert in Record.PendingAlerts) await this.AlertStream().OnNextAsync(alert);
            // Left stored until the next write: republishing one after a crash is harmless, the alert log ignores known ids.
            Record.PendingAlerts.Clear();
        }
        catch (Exception exception)
        {
            LogAlertFailed(logger, exception, Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Depot {DepotId}: a stock alert is stored but could not be published yet")]
    static partial void LogAlertFailed(ILogger logger, Exception exception, string depotId);
}
