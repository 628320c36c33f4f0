using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceGrid.Cases;
using ServiceGrid.Organization;
using ServiceGrid.Parts;

namespace ServiceGrid.Demo;

/// <summary>
/// The spare-parts side of the demo traffic (service plan 2(3), 4.5): parts are reserved when an engineer is
/// dispatched (from the branch's store, else HQ's; sometimes both are short, 409), HQ replenishes branch stores that
/// fell to their reorder point by transfers and is itself restocked by the manufacturer, and every faulty part
/// replaced goes through the repair loop: repaired, inspected by HQ's technical service center, restocked or scrapped.
/// Used from the simulator's one loop only.
/// </summary>
public sealed class PartsDesk(IGrainFactory grains, DemoOrganization organization, IOptions<DemoOptions> options, ILogger<PartsDesk> logger)
{
    /// <summary>Real time between two rounds of replenishment, before the speed-up: stores run short in between.</summary>
    static readonly TimeSpan ReplenishEvery = TimeSpan.FromHours(2);
    /// <summary>Real time a faulty part spends in repair and then waits for inspection, before the speed-up.</summary>
    static readonly TimeSpan RepairTime = TimeSpan.FromHours(6);
    static readonly TimeSpan InspectionTime = TimeSpan.FromHours(2);
    /// <summary>A branch store is filled up to this many of a SKU; HQ's store gets this many from the manufacturer.</summary>
    const int BranchTarget = 10;
    const int SupplierDelivery = 60;
    /// <summary>Share of repaired parts that pass inspection.</summary>
    const double PassRate = 0.85;
    /// <summary>Share of cases that need a part in bulk (a whole bank of fans, a battery string), more than a branch store holds.</summary>
    const double BulkShare = 0.1;

    readonly List<(string ReturnId, DateTimeOffset NextAt)> _returns = [];
    readonly PartsDeskCounts _counts = new();
    readonly Random _random = new();
    DateTimeOffset _nextReplenishment;
    int _round;

    /// <summary>What the desk has done so far, for the log and the demo's tests.</summary>
    public PartsDeskCounts Counts => _counts with { };

    /// <summary>
    /// Reserves the planned parts for the case (one of each, or for some cases one SKU in bulk): in the branch's store,
    /// else in HQ's; none when both are short (409).
    /// </summary>
    public async Task ReserveAsync(SimulatedCase simulated)
    {
        if (simulated.Plan.Parts.IsEmpty || simulated.View.BranchId is not { } branchId) return;
        var parts = grains.GetGrain<ICasePartsGrain>(simulated.Id);
        var bulk = _random.NextDouble() < BulkShare;
        foreach (var sku in simulated.Plan.Parts)
        {
            var qty = bulk && sku == simulated.Plan.Parts[0] ? BranchTarget + _random.Next(BranchTarget) : 1;
            foreach (var depotId in new[] { DemoCities.DepotId(branchId), DemoCities.HeadquartersDepotId })
            {
                try
                {
                    await parts.Reserve(depotId, sku, qty);
                    simulated.Reserved.Add(new PartLine(depotId, sku, qty));
                    _counts.Reserved++;
                    break;
                }
                catch (DomainException exception) when (exception.Kind == FailureKind.Conflict)
                {
                    TrafficLog.Refused(logger, exception, simulated.Id, $"reserve {sku} in {depotId}");
                    _counts.Short++;
                }
            }
        }
    }

    /// <summary>The engineer takes the faulty parts back (one per part replaced) for repair.</summary>
    public async Task TakeBackAsync(SimulatedCase simulated, ImmutableArray<PartLine> used, DateTimeOffset now)
    {
        var units = used.SelectMany(part => Enumerable.Repeat(part.Sku, part.Qty));
        foreach (var (sku, index) in units.Select((sku, index) => (sku, index)))
        {
            var serial = $"{sku}-{simulated.Id}-{index}";
            var id = ReturnIds.For(simulated.Id, serial);
            await grains.GetGrain<IReturnGrain>(id).TakeBack(new TakeBackPart(simulated.Id, sku, serial, simulated.View.EngineerId ?? TrafficActors.Headquarters));
            _returns.Add((id, now + Scaled(RepairTime)));
            _counts.TakenBack++;
        }
    }

    public async Task TickAsync(DateTimeOffset now, Random random)
    {
        await RepairAsync(now, random);
        if (now < _nextReplenishment) return;
        _nextReplenishment = now + Scaled(ReplenishEvery);
        _round++;
        await ReplenishAsync();
    }

    async Task RepairAsync(DateTimeOffset now, Random random)
    {
        for (var i = _returns.Count - 1; i >= 0; i--)
        {
            var (id, nextAt) = _returns[i];
            if (nextAt > now) continue;
            var part = grains.GetGrain<IReturnGrain>(id);
            try
            {
                var view = await part.Get();
                if (view?.Status == ReturnStatus.Received)
                {
                    await part.MarkRepaired(TrafficActors.Headquarters);
                    _returns[i] = (id, now + Scaled(InspectionTime));
                    continue;
                }
                if (view?.Status == ReturnStatus.Repaired)
                {
                    var inspected = await part.Inspect(random.NextDouble() < PassRate, TrafficActors.Headquarters);
                    if (inspected.Status == ReturnStatus.Restocked) _counts.Restocked++; else _counts.Scrapped++;
                }
            }
            catch (DomainException exception)
            {
                TrafficLog.Refused(logger, exception, id, "repair");
            }
            _returns.RemoveAt(i);
        }
    }

    /// <summary>HQ fills every branch store that fell to its reorder point; the manufacturer refills HQ's store.</summary>
    async Task ReplenishAsync()
    {
        var hq = grains.GetGrain<IDepotGrain>(DemoCities.HeadquartersDepotId);
        foreach (var depot in organization.Depots.Where(d => d.Id != DemoCities.HeadquartersDepotId))
        {
            var branch = grains.GetGrain<IDepotGrain>(depot.Id);
            foreach (var line in await branch.GetStock() ?? [])
            {
                var available = line.OnHand - line.Reserved;
                if (available > (await branch.GetReorderPoint(line.Sku)).Level) continue;
                try
                {
                    await hq.SendTransfer($"replenish-{depot.Id}-{line.Sku}-{_round}", depot.Id, line.Sku, BranchTarget - available);
                    _counts.Transfers++;
                }
                catch (DomainException exception)
                {
                    TrafficLog.Refused(logger, exception, depot.Id, $"replenish {line.Sku}");
                }
            }
        }
        foreach (var line in await hq.GetStock() ?? [])
        {
            if (line.OnHand - line.Reserved <= (await hq.GetReorderPoint(line.Sku)).Level)
                await hq.Receive($"supplier-{line.Sku}-{_round}", line.Sku, SupplierDelivery);
        }
    }

    TimeSpan Scaled(TimeSpan real) => real / options.Value.SpeedUp;
}

/// <summary>Counters of the demo's parts desk: reservations made and refused (short), transfers sent, returns and their outcome.</summary>
public sealed record PartsDeskCounts
{
    public int Reserved { get; set; }
    public int Short { get; set; }
    public int Transfers { get; set; }
    public int TakenBack { get; set; }
    public int Restocked { get; set; }
    public int Scrapped { get; set; }
}
