using System.Collections.Immutable;
using ServiceGrid.Cases;
using ServiceGrid.Organization;

namespace ServiceGrid.Demo;

/// <summary>The engineer's side of a case: driving to the site and back, and resolving with spare parts.</summary>
public sealed partial class CaseStepper
{
    async Task ResolveAsync(SimulatedCase simulated, ImmutableArray<PartLine> parts, DateTimeOffset now)
    {
        var engineerId = simulated.View.EngineerId!;
        simulated.View = await Case(simulated).Resolve(new ResolveCase
        {
            Summary = simulated.Plan.Summary,
            FaultReport = simulated.Plan.FaultReport,
            PartsUsed = parts,
            Actor = engineerId,
        });
        await SendHomeAsync(engineerId, simulated.Id);
        // Service plan 4.5: the faulty parts replaced on site are taken back for repair.
        if (!parts.IsEmpty) await partsDesk.TakeBackAsync(simulated, parts, now);
        simulated.NextAt = now + Scaled(simulated.Plan.CloseDelay);
    }

    /// <summary>
    /// The parts reserved for the case when every planned one is; else the planned parts from the branch's depot, else
    /// from HQ's (service plan 2(3): no customer waits for a part), else none.
    /// </summary>
    async Task<ImmutableArray<PartLine>> PartsAsync(SimulatedCase simulated)
    {
        if (simulated.Plan.Parts.IsEmpty || simulated.View.BranchId is not { } branchId) return [];
        if (simulated.Reserved.Count == simulated.Plan.Parts.Length) return [.. simulated.Reserved];
        foreach (var depotId in new[] { DemoCities.DepotId(branchId), DemoCities.HeadquartersDepotId })
        {
            var stock = await grains.GetGrain<IDepotGrain>(depotId).GetStock() ?? [];
            if (simulated.Plan.Parts.All(sku => stock.Any(line => line.Sku == sku && line.OnHand - line.Reserved >= 1)))
                return [.. simulated.Plan.Parts.Select(sku => new PartLine(depotId, sku, 1))];
        }
        return [];
    }

    async Task SendToSiteAsync(SimulatedCase simulated)
    {
        var engineerId = simulated.View.EngineerId!;
        var site = simulated.View.Site ?? DemoCities.BranchLocation(simulated.View.BranchId!);
        var from = await engineers.LocationOfAsync(engineerId) ?? site;
        mover.Send(engineerId, from, site, simulated.Id);
    }

    /// <summary>Drives the engineer back to base if the simulator had them on this case; answers false (the case is done).</summary>
    Task<bool> SendHomeAsync(string? engineerId, string caseId)
    {
        if (engineerId is not null && mover.IsHeadingTo(engineerId, caseId) && engineers.BaseOf(engineerId) is { } home)
            mover.Send(engineerId, home, home, caseId: null);
        return Task.FromResult(false);
    }
}
