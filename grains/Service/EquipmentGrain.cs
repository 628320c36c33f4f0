using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceGrid.Cases;
using ServiceGrid.Organization;
using ServiceGrid.Service;

namespace ServiceGrid.Grains.Service;

/// <summary>The stored state of a unit. Never renumber an [Id].</summary>
[GenerateSerializer, Alias("ServiceGrid.EquipmentRecord")]
public sealed class EquipmentRecord
{
    [Id(0)] public string? CustomerId { get; set; }
    [Id(1)] public string Model { get; set; } = "";
    [Id(2)] public DateTimeOffset AcceptedAt { get; set; }
    [Id(3)] public string RegionId { get; set; } = "";
    [Id(4)] public List<ContractPeriod> Contracts { get; set; } = [];
    [Id(5)] public List<UnitCase> Cases { get; set; } = [];
    /// <summary>When the unit came on record: inspections due before that were never scheduled here.</summary>
    [Id(6)] public DateTimeOffset ScheduledFrom { get; set; }
    /// <summary>Inspection cases opened, by due date.</summary>
    [Id(7)] public Dictionary<DateTimeOffset, string> Opened { get; set; } = [];
    /// <summary>Rises with every change of what the region's installed base keeps (owner, place, contracts, inspections).</summary>
    [Id(8)] public int Version { get; set; }

    public bool Exists => CustomerId is not null;
}

/// <summary>
/// One unit of the installed base. It knows what covers it, remembers its cases, and opens its own quarterly
/// inspections: a durable reminder ticks (Orleans reminders tick at most once a minute and do not replay missed ticks),
/// and each tick computes from the stored state which inspection is due, so a tick missed during an outage is caught
/// up by the next. The inspection case id is derived from the due date: one case per unit and due date, whatever retries.
/// </summary>
public sealed partial class EquipmentGrain(
    [PersistentState("equipment", StorageNames.Organization)] IPersistentState<EquipmentRecord> state,
    IOptions<ServiceOptions> options,
    TimeProvider clock,
    ILogger<EquipmentGrain> logger) : Grain, IEquipmentGrain, IRemindable
{
    const string InspectionReminder = "inspection";
    const string SchedulerActor = "scheduler";
    /// <summary>A unit keeps this many of its latest cases.</summary>
    const int RetainedCases = 200;
    /// <summary>The first tick waits at most this long; later ones come every <see cref="ServiceOptions.InspectionCheckPeriod"/>.</summary>
    static readonly TimeSpan MaxFirstTick = TimeSpan.FromDays(30);

    EquipmentRecord Record => state.State;
    string Serial => this.GetPrimaryKeyString();
    bool _indexed;
    bool _scheduled;
    DateTimeOffset? _reminderFor;

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
        await ScheduleAsync();
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
        await ScheduleAsync();
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
        if (Record.Cases.Count > RetainedCases) Record.Cases.RemoveRange(0, Record.Cases.Count - RetainedCases);
        await state.WriteStateAsync();
    }

    public async Task CheckInspections()
    {
        if (!Record.Exists)
        {
            DeactivateOnIdle();
            return;
        }
        var now = clock.GetUtcNow();
        var settings = options.Value;
        if (InspectionSchedule.LatestDue(Record.AcceptedAt, Record.Contracts, settings, Record.ScheduledFrom, now) is { } due
            && !Record.Opened.ContainsKey(due))
        {
            await OpenInspectionAsync(due, settings);
        }
        await IndexAsync();
        await ScheduleAsync();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != InspectionReminder) return;
        // Re-aim after every tick: a first tick capped at MaxFirstTick is followed by one at the due time, not by a
        // tick every period until then.
        _scheduled = false;
        await CheckInspections();
    }

    async Task OpenInspectionAsync(DateTimeOffset due, ServiceOptions settings)
    {
        var caseId = InspectionSchedule.CaseId(Serial, due);
        var coverage = Coverage.At(Record.AcceptedAt, Record.Contracts, settings.WarrantyMonths, due);
        var request = new OpenCase
        {
            CustomerId = Record.CustomerId!,
            Kind = CaseKind.Inspection,
            Severity = settings.InspectionSeverity,
            Channel = Channel.Onsite,
            Title = $"Quarterly preventive inspection of {Record.Model} {Serial}",
            Description = $"Preventive inspection due {due:yyyy-MM-dd} under {CoverageName(coverage.Kind)}: check, clean and adjust the unit, "
                + "and file the inspection report as the case's resolution (service plan 2).",
            Region = Record.RegionId.Length > 0 ? Record.RegionId : null,
            EquipmentSerial = Serial,
            Actor = SchedulerActor,
        };
        try
        {
            // The case asks this unit for its terms and records itself here while it opens: let those calls back in.
            using (RequestContext.AllowCallChainReentrancy())
                await GrainFactory.GetGrain<ICaseGrain>(caseId).Open(request);
        }
        catch (DomainException exception)
        {
            // Nothing is recorded: the next tick tries the same case id again.
            LogInspectionRefused(logger, exception, Serial, due);
            return;
        }
        Record.Opened[due] = caseId;
        if (!Record.Cases.Any(c => c.CaseId == caseId)) Record.Cases.Add(new UnitCase(caseId, CaseKind.Inspection, clock.GetUtcNow()));
        Record.Version++;
        await state.WriteStateAsync();
        _indexed = false;
        LogInspectionOpened(logger, Serial, due, caseId);
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

    /// <summary>
    /// Keeps a reminder while an inspection lies ahead; the first tick lands on the due time, or within a minute when one
    /// is due and not yet opened (a look-back at registration). Opening is left to the tick rather than done here, so a
    /// registration never waits on a case that in turn asks the customer registering it.
    /// </summary>
    async Task ScheduleAsync()
    {
        var now = clock.GetUtcNow();
        var settings = options.Value;
        var next = InspectionSchedule.LatestDue(Record.AcceptedAt, Record.Contracts, settings, Record.ScheduledFrom, now) is { } due && !Record.Opened.ContainsKey(due)
            ? due
            : InspectionSchedule.NextDue(Record.AcceptedAt, Record.Contracts, settings, now);
        if (_scheduled && next == _reminderFor) return;
        try
        {
            if (next is { } at)
            {
                // A second late rather than early: a tick that finds nothing due yet would wait a whole period.
                var firstTick = at - now + TimeSpan.FromSeconds(1);
                if (firstTick < TimeSpan.FromMinutes(1)) firstTick = TimeSpan.FromMinutes(1);
                if (firstTick > MaxFirstTick) firstTick = MaxFirstTick;
                await this.RegisterOrUpdateReminder(InspectionReminder, firstTick, options.Value.InspectionCheckPeriod);
            }
            else if (await this.GetReminder(InspectionReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
            _reminderFor = next;
            _scheduled = true;
        }
        catch (Exception exception) when (exception is not DomainException)
        {
            // The state is stored; the next call or activation tries again.
            LogReminderFailed(logger, exception, Serial);
        }
    }

    static bool SameContract(ContractPeriod a, ContractPeriod b) =>
        a.StartsAt == b.StartsAt && a.EndsAt == b.EndsAt && a.Targets.Count == b.Targets.Count
        && a.Targets.All(t => b.Targets.TryGetValue(t.Key, out var other) && other == t.Value);

    static string CoverageName(CoverageKind kind) => kind == CoverageKind.Warranty ? "warranty" : kind == CoverageKind.Contract ? "contract" : "no coverage";

    [LoggerMessage(Level = LogLevel.Information, Message = "Unit {Serial}: inspection due {DueAt} opened as case {CaseId}")]
    static partial void LogInspectionOpened(ILogger logger, string serial, DateTimeOffset dueAt, string caseId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unit {Serial}: the inspection due {DueAt} could not be opened yet; the next tick retries")]
    static partial void LogInspectionRefused(ILogger logger, Exception exception, string serial, DateTimeOffset dueAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unit {Serial}: the inspection reminder could not be updated; will retry")]
    static partial void LogReminderFailed(ILogger logger, Exception exception, string serial);
}
