using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceGrid.Cases;
using ServiceGrid.Organization;
using ServiceGrid.Service;

namespace ServiceGrid.Grains.Service;

/// <summary>
/// One unit of the installed base. It knows what covers it, remembers its cases, tells its region's installed base what
/// the inspection list needs, and opens its own quarterly inspections (<see cref="UnitInspections"/>).
/// </summary>
public sealed class EquipmentGrain(
    [PersistentState("equipment", StorageNames.Organization)] IPersistentState<EquipmentRecord> state,
    IOptions<ServiceOptions> options,
    TimeProvider clock,
    ILogger<EquipmentGrain> logger) : Grain, IEquipmentGrain, IRemindable
{
    UnitInspections? _inspections;
    bool _indexed;

    EquipmentRecord Record => state.State;
    string Serial => this.GetPrimaryKeyString();
    UnitInspections Inspections => _inspections ??= new(this, GrainFactory, state, options.Value, clock, logger);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!Record.Exists) return;
        await IndexAsync();
    }

    public async Task Register(string customerId, EquipmentUnit unit, string regionId)
    {
        if (unit.Serial != Serial) throw DomainException.Invalid("serial", $"Unit '{unit.Serial}' cannot be registered as '{Serial}'.");
        var previousRegion = Record.Exists ? Record.RegionId : null;
        if (Record.CustomerId != customerId || Record.Model != unit.Model || Record.AcceptedAt != unit.AcceptedAt || Record.RegionId != regionId)
        {
            // A unit sold on to another customer leaves the previous owner's contracts behind.
            if (Record.Exists && Record.CustomerId != customerId) Record.Contracts.Clear();
            if (!Record.Exists) Record.ScheduledFrom = clock.GetUtcNow() - options.Value.InitialLookBack;
            Record.CustomerId = customerId;
            Record.Model = unit.Model;
            Record.AcceptedAt = unit.AcceptedAt;
            Record.RegionId = regionId;
            Record.Version++;
            await state.WriteStateAsync();
            _indexed = false;
            if (previousRegion is { Length: > 0 } && previousRegion != regionId)
                await GrainFactory.GetGrain<IInstalledBaseGrain>(previousRegion).Remove(Serial);
        }
        await IndexAsync();
        await Inspections.ScheduleAsync();
    }

    public Task<EquipmentView?> Get()
    {
        if (!Record.Exists)
        {
            DeactivateOnIdle();
            return Task.FromResult<EquipmentView?>(null);
        }
        var now = clock.GetUtcNow();
        var settings = options.Value;
        return Task.FromResult<EquipmentView?>(new EquipmentView
        {
            Serial = Serial,
            CustomerId = Record.CustomerId!,
            Model = Record.Model,
            AcceptedAt = Record.AcceptedAt,
            RegionId = Record.RegionId,
            Coverage = Coverage.At(Record.AcceptedAt, Record.Contracts, settings.WarrantyMonths, now),
            Contracts = [.. Record.Contracts],
            Cases = [.. Record.Cases],
            NextInspectionAt = InspectionSchedule.NextDue(Record.AcceptedAt, Record.Contracts, settings, now),
        });
    }

    public async Task AddContract(ContractPeriod period)
    {
        if (!Record.Exists) throw DomainException.NotFound("Equipment", Serial);
        var known = Record.Contracts.FindIndex(c => c.ContractId == period.ContractId);
        if (known >= 0 && SameContract(Record.Contracts[known], period)) return;
        if (known >= 0) Record.Contracts[known] = period; else Record.Contracts.Add(period);
        Record.Version++;
        await state.WriteStateAsync();
        _indexed = false;
        await IndexAsync();
        await Inspections.ScheduleAsync();
    }

    public Task<ServiceTerms?> GetTerms(Severity severity)
    {
        if (!Record.Exists) return Task.FromResult<ServiceTerms?>(null);
        var now = clock.GetUtcNow();
        var coverage = Coverage.At(Record.AcceptedAt, Record.Contracts, options.Value.WarrantyMonths, now);
        // The contract's targets apply whenever it is in force, during the warranty too: it is what the customer bought.
        var contract = Coverage.ContractAt(Record.Contracts, now);
        return Task.FromResult<ServiceTerms?>(new ServiceTerms(coverage, contract?.ContractId, contract?.Targets.GetValueOrDefault(severity)));
    }

    public async Task RecordCase(UnitCase unitCase)
    {
        if (!Record.Exists || Record.Cases.Any(c => c.CaseId == unitCase.CaseId)) return;
        Record.Cases.Add(unitCase);
        var retained = options.Value.RetainedUnitCases;
        if (Record.Cases.Count > retained) Record.Cases.RemoveRange(0, Record.Cases.Count - retained);
        await state.WriteStateAsync();
    }

    public async Task CheckInspections()
    {
        if (!Record.Exists)
        {
            DeactivateOnIdle();
            return;
        }
        if (Inspections.Due(clock.GetUtcNow()) is { } due && await Inspections.OpenAsync(due)) _indexed = false;
        await IndexAsync();
        await Inspections.ScheduleAsync();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != UnitInspections.Reminder) return;
        Inspections.Ticked();
        await CheckInspections();
    }

    /// <summary>Tells the region's installed base what it needs for the inspection list; repeated after a crash by the next activation.</summary>
    async Task IndexAsync()
    {
        if (_indexed) return;
        // A unit of a customer without a site stands in no region: nothing lists it.
        if (Record.RegionId.Length == 0)
        {
            _indexed = true;
            return;
        }
        await GrainFactory.GetGrain<IInstalledBaseGrain>(Record.RegionId).Update(new InstalledUnit
        {
            Serial = Serial,
            CustomerId = Record.CustomerId!,
            Model = Record.Model,
            RegionId = Record.RegionId,
            AcceptedAt = Record.AcceptedAt,
            Contracts = [.. Record.Contracts],
            ScheduledFrom = Record.ScheduledFrom,
            Opened = Record.Opened.ToImmutableDictionary(),
            Version = Record.Version,
        });
        _indexed = true;
    }

    static bool SameContract(ContractPeriod a, ContractPeriod b) =>
        a.StartsAt == b.StartsAt && a.EndsAt == b.EndsAt && a.Targets.Count == b.Targets.Count
        && a.Targets.All(t => b.Targets.TryGetValue(t.Key, out var other) && other == t.Value);
}
