using ServiceGrid.Cases;
using ServiceGrid.Grains.Sla;
using ServiceGrid.Organization;

namespace ServiceGrid.Grains.Cases;

/// <summary>The commands that involve other grains: resolution (spare parts), reassignment (engineers), intake (customer).</summary>
public sealed partial class CaseGrain
{
    public async Task<CaseView> Resolve(ResolveCase command)
    {
        var now = await BeginAsync();
        CaseTransitions.Require(Record.State, CaseCommand.Resolve);
        // Service plan 4.6: P1 and P2 faults need a fault report before the case can be resolved.
        if (Record.Severity is Severity.P1 or Severity.P2 && command.FaultReport is null)
            throw DomainException.Rule($"A {Record.Severity} case needs a fault report (diagnosis, root cause, actions, result) to be resolved.");

        await GuardReservationsAsync();
        var consumed = await ConsumePartsAsync(command.PartsUsed);
        // A remote fix from 'responded' needs no visit: a pending on-site milestone no longer applies; a breach stays.
        if (Record.State == CaseState.Responded) Record.Sla = SlaClock.Waive(Record.Sla, Milestone.Onsite);
        Record.Sla = SlaClock.Meet(Record.Sla, Milestone.Resolution, now);
        Record.State = CaseState.Resolved;
        Record.Resolution = new ResolutionView(command.Summary, command.FaultReport, command.PartsUsed, now);
        var engineerId = Record.EngineerId;
        Append(TimelineTypes.Resolved, command.Actor, now, note: command.Summary, engineerId: engineerId, milestone: Milestone.Resolution);
        var view = await CommitAsync(now, () => UndoPartsAsync(consumed));
        await ReleaseReservationsAsync();
        if (engineerId is not null) await GrainFactory.GetGrain<IEngineerGrain>(engineerId).Release(Id);
        return view;
    }

    public async Task<CaseView> Reassign(ReassignCase command)
    {
        var now = await BeginAsync();
        CaseTransitions.Require(Record.State, CaseCommand.Reassign);
        var engineer = command.EngineerId is { } engineerId ? await FindEngineerAsync(engineerId) : null;
        if (engineer is not null && engineer.Id != Record.EngineerId) RequireApprovedRelocationPlan();
        var branch = await FindBranchAsync(command.BranchId ?? engineer?.BranchId
            ?? throw DomainException.Invalid("branchId", "Give a branchId, an engineerId, or both."));
        if (engineer is not null && engineer.BranchId != branch.Id)
            throw DomainException.Rule($"Engineer '{engineer.Id}' belongs to branch '{engineer.BranchId}', not '{branch.Id}'.");

        var previousEngineer = Record.EngineerId;
        var nextEngineer = engineer?.Id ?? (branch.Id == Record.BranchId ? previousEngineer : null);
        if (branch.Id == Record.BranchId && nextEngineer == previousEngineer)
            throw DomainException.Conflict($"The case is already with branch '{branch.Id}'{(nextEngineer is null ? "" : $" and engineer '{nextEngineer}'")}.");

        if (nextEngineer is not null && nextEngineer != previousEngineer)
            await GrainFactory.GetGrain<IEngineerGrain>(nextEngineer).Assign(Id);
        var fromRegion = branch.RegionId == Record.Region ? null : Record.Region;
        Record.Region = branch.RegionId;
        Record.BranchId = branch.Id;
        Record.EngineerId = nextEngineer;
        Record.State = nextEngineer is null ? CaseState.Claimed
            : nextEngineer == previousEngineer ? Record.State
            : CaseState.Dispatched;
        Append(TimelineTypes.Reassigned, command.Actor, now, branchId: branch.Id, engineerId: nextEngineer, fromRegion: fromRegion);
        var view = await CommitAsync(now, async () =>
        {
            if (nextEngineer is not null && nextEngineer != previousEngineer)
                await GrainFactory.GetGrain<IEngineerGrain>(nextEngineer).Release(Id);
        });
        if (previousEngineer is not null && previousEngineer != nextEngineer)
            await GrainFactory.GetGrain<IEngineerGrain>(previousEngineer).Release(Id);
        return view;
    }

    /// <summary>
    /// Takes the parts from their depots, all or nothing: a depot that is short undoes the ones already taken. What the
    /// case reserved in a depot is taken first, so a case whose parts are reserved for it can always be resolved.
    /// </summary>
    async Task<List<IDepotGrain>> ConsumePartsAsync(IEnumerable<PartLine> parts)
    {
        var consumed = new List<IDepotGrain>();
        try
        {
            foreach (var byDepot in parts.GroupBy(part => part.DepotId))
            {
                var depot = GrainFactory.GetGrain<IDepotGrain>(byDepot.Key);
                await depot.ConsumeForCase(Id, PartsOperationId, [.. byDepot.Select(part => new PartRequest(part.Sku, part.Qty))]);
                consumed.Add(depot);
            }
            return consumed;
        }
        catch
        {
            await UndoPartsAsync(consumed);
            throw;
        }
    }

    Task UndoPartsAsync(IEnumerable<IDepotGrain> depots) => Task.WhenAll(depots.Select(depot => depot.Undo(PartsOperationId)));

    /// <summary>A case consumes parts once, when it is resolved: a retried resolution must not take them twice.</summary>
    string PartsOperationId => $"{Id}:resolve";

    /// <summary>The case's region: as given, else the branch nearest its site, else where the customer's unit stands.</summary>
    async Task<(string Region, GeoPoint? Site)> LocateAsync(OpenCase command, CustomerView customer)
    {
        var unit = command.EquipmentSerial is { } serial
            ? customer.Equipment.FirstOrDefault(e => e.Serial == serial) ?? throw DomainException.NotFound("Equipment", serial)
            : null;
        var customerSite = unit is not null && unit.SiteIndex < customer.Sites.Length ? customer.Sites[unit.SiteIndex]
            : customer.Sites.FirstOrDefault();
        var site = command.Site ?? customerSite?.Location;

        if (command.Region is { } region)
        {
            return await organization.FindRegionAsync(region) is not null
                ? (region, site)
                : throw DomainException.Invalid("region", $"There is no region '{region}'.");
        }
        if (command.Site is { } given)
        {
            return await organization.NearestRegionAsync(given) is { } nearest
                ? (nearest, given)
                : throw DomainException.Invalid("site", "No branch is defined yet, so no region can be found for the site.");
        }
        return customerSite is not null
            ? (customerSite.RegionId, site)
            : throw DomainException.Invalid("site", $"Customer '{customer.Id}' has no site on record: give a site or a region.");
    }
}
