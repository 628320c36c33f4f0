using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceGrid.Events;
using ServiceGrid.Organization;

namespace ServiceGrid.Grains.Organization;

[GenerateSerializer, Alias("ServiceGrid.EngineerRecord")]
public sealed class EngineerRecord
{
    [Id(0)] public EngineerProfile? Profile { get; set; }
    [Id(1)] public EngineerStatus Status { get; set; }
    [Id(2)] public GeoPoint Location { get; set; } = new(0, 0);
    [Id(3)] public string? CurrentCaseId { get; set; }
    [Id(4)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(5)] public long Version { get; set; }
    /// <summary>What dispatchers or the engineer declared: available, off duty, off shift or unavailable (busy is derived).</summary>
    [Id(6)] public EngineerStatus Declared { get; set; }
    /// <summary>The open jobs held, the one worked now first; <see cref="CurrentCaseId"/> is its head.</summary>
    [Id(7)] public List<string> Jobs { get; set; } = [];
    [Id(8)] public ResourceProfile? Resource { get; set; }
    [Id(9)] public string? AvailabilityReason { get; set; }
    [Id(10)] public DateTimeOffset? AvailableAgainAt { get; set; }
}

/// <summary>
/// A field engineer: where they are, and whether they can take a case. Every change is stored before it is answered;
/// positions are announced at most once per <see cref="EngineerOptions.PositionInterval"/> (the latest one at the end of
/// the interval), because a phone reporting every second would otherwise be a stream event per report for the region's
/// read model and board, which coalesce positions anyway.
/// </summary>
public sealed partial class EngineerGrain(
    [PersistentState("engineer", StorageNames.Organization)] IPersistentState<EngineerRecord> state,
    IOptions<EngineerOptions> options,
    TimeProvider clock,
    ILogger<EngineerGrain> logger) : Grain, IEngineerGrain
{
    IGrainTimer? _positionTimer;
    bool _positionWaiting;
    DateTimeOffset _lastAnnounced = DateTimeOffset.MinValue;

    EngineerRecord Record => state.State;

    public async Task<EngineerView> Register(EngineerProfile profile)
    {
        // First, so that a retry of a registration that failed after it still finds the roster complete.
        await GrainFactory.GetGrain<IEngineerRosterGrain>(profile.RegionId).Enlist(this.GetPrimaryKeyString());
        if (Record.Profile == profile) return View();
        if (Record.Profile is null) Record.Location = profile.Base;
        Record.Profile = profile;
        return await Commit();
    }

    public Task<EngineerView?> Get()
    {
        if (Record.Profile is null) DeactivateOnIdle();
        return Task.FromResult(Record.Profile is null ? null : View());
    }

    public async Task<EngineerView> Move(GeoPoint location)
    {
        RequireRegistered();
        Record.Location = location;
        await StoreAsync();
        var due = _lastAnnounced + options.Value.PositionInterval - clock.GetUtcNow();
        if (due <= TimeSpan.Zero) await AnnounceAsync();
        else WaitToAnnounce(due);
        return View();
    }

    public async Task<EngineerView> Assign(string caseId)
    {
        RequireRegistered();
        // Taking the same case again is stored too, so that a confirmation that read the case before this does not free
        // the engineer (ReleaseUnconfirmed compares versions).
        if (Record.Jobs.Contains(caseId)) return await Commit();
        if (Record.Declared is EngineerStatus.OffDuty or EngineerStatus.Unavailable)
            throw DomainException.Conflict($"Engineer '{this.GetPrimaryKeyString()}' is {(Record.Declared == EngineerStatus.OffDuty ? "off duty" : "unavailable")}.");
        if (Record.Jobs.Count >= Capacity)
            throw DomainException.Conflict(Capacity == 1
                ? $"Engineer '{this.GetPrimaryKeyString()}' is busy with case '{Record.CurrentCaseId}'."
                : $"Engineer '{this.GetPrimaryKeyString()}' already holds {Record.Jobs.Count} open jobs, their capacity.");
        await WatchAssignmentAsync();
        Record.Jobs.Add(caseId);
        return await Commit();
    }

    public async Task Release(string caseId)
    {
        if (!Record.Jobs.Remove(caseId)) return;
        await Commit();
        if (Record.Jobs.Count == 0) await ForgetAssignmentAsync();
    }

    public Task<EngineerView> SetOffDuty(bool offDuty)
    {
        RequireRegistered();
        if (offDuty && Record.CurrentCaseId is { } current)
            throw DomainException.Conflict($"Engineer '{this.GetPrimaryKeyString()}' is busy with case '{current}'.");
        Record.Declared = offDuty ? EngineerStatus.OffDuty : EngineerStatus.Available;
        return Commit();
    }

    public Task<EngineerView> SetResource(ResourceProfile resource)
    {
        RequireRegistered();
        if (Record.Resource == resource) return Task.FromResult(View());
        Record.Resource = resource;
        return Commit();
    }

    public async Task<EngineerView> SetAvailability(EngineerStatus status, string? reason, DateTimeOffset? until)
    {
        RequireRegistered();
        var declared = status == EngineerStatus.Busy ? EngineerStatus.Available : status;
        if (Record.Declared == declared && Record.AvailabilityReason == reason && Record.AvailableAgainAt == until) return View();
        var returnAt = declared == EngineerStatus.Available ? null : until;
        await ScheduleReturnAsync(returnAt);
        Record.Declared = declared;
        Record.AvailabilityReason = declared == EngineerStatus.Available ? null : reason;
        Record.AvailableAgainAt = returnAt;
        return await Commit();
    }

    int Capacity => (Record.Resource ?? ResourceProfile.Default).Capacity;

    void RequireRegistered()
    {
        if (Record.Profile is null) throw DomainException.NotFound("Engineer", this.GetPrimaryKeyString());
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A record stored before engineers held several jobs names its one job and its off-duty status only there.
        if (Record.Jobs.Count == 0 && Record.CurrentCaseId is { } held) Record.Jobs.Add(held);
        if (Record.Status == EngineerStatus.OffDuty) Record.Declared = EngineerStatus.OffDuty;
        if (Record.Jobs.Count > 0) ConfirmAssignmentIn(options.Value.AssignmentCheckOnActivation);
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // No retry from here: the timers are going away. If this fails, the stored position goes out with the next change.
        if (_positionWaiting) await AnnounceAsync();
    }

    async Task<EngineerView> Commit()
    {
        await StoreAsync();
        await AnnounceAsync();
        return View();
    }

    async Task StoreAsync()
    {
        Record.CurrentCaseId = Record.Jobs.FirstOrDefault();
        Record.Status = Record.Declared == EngineerStatus.Available && Record.Jobs.Count > 0 ? EngineerStatus.Busy : Record.Declared;
        Record.Version++;
        Record.UpdatedAt = clock.GetUtcNow();
        await state.WriteStateAsync();
    }

    /// <summary>Announces the engineer as stored now; a position waiting for its turn goes with it.</summary>
    async Task AnnounceAsync()
    {
        _positionWaiting = false;
        _lastAnnounced = clock.GetUtcNow();
        var view = View();
        await this.EngineerStream(view.RegionId).OnNextAsync(new EngineerChanged(view));
    }

    void WaitToAnnounce(TimeSpan due)
    {
        if (_positionWaiting) return;
        _positionWaiting = true;
        _positionTimer = this.ArmOnce(_positionTimer, AnnounceWaitingAsync, due);
    }

    async Task AnnounceWaitingAsync()
    {
        if (!_positionWaiting) return;
        try
        {
            await AnnounceAsync();
        }
        catch (Exception exception)
        {
            // The position is stored; announce it again after another interval rather than leave the board behind.
            LogAnnounceFailed(logger, exception, this.GetPrimaryKeyString());
            WaitToAnnounce(options.Value.PositionInterval);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Engineer {EngineerId}: the latest position could not be announced; retrying")]
    static partial void LogAnnounceFailed(ILogger logger, Exception exception, string engineerId);

    EngineerView View() => new()
    {
        Id = this.GetPrimaryKeyString(),
        Name = Record.Profile!.Name,
        BranchId = Record.Profile.BranchId,
        RegionId = Record.Profile.RegionId,
        Status = Record.Status,
        Location = Record.Location,
        CurrentCaseId = Record.CurrentCaseId,
        UpdatedAt = Record.UpdatedAt,
        Version = Record.Version,
        Jobs = [.. Record.Jobs],
        Resource = Record.Resource ?? ResourceProfile.Default,
        AvailabilityReason = Record.AvailabilityReason,
        AvailableAgainAt = Record.AvailableAgainAt,
    };
}
