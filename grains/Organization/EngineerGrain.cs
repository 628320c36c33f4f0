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
        if (Record.CurrentCaseId == caseId) return await Commit();
        if (Record.Status == EngineerStatus.OffDuty)
            throw DomainException.Conflict($"Engineer '{this.GetPrimaryKeyString()}' is off duty.");
        if (Record.CurrentCaseId is { } current)
            throw DomainException.Conflict($"Engineer '{this.GetPrimaryKeyString()}' is busy with case '{current}'.");
        await WatchAssignmentAsync();
        Record.CurrentCaseId = caseId;
        Record.Status = EngineerStatus.Busy;
        return await Commit();
    }

    public async Task Release(string caseId)
    {
        if (Record.CurrentCaseId != caseId) return;
        Record.CurrentCaseId = null;
        Record.Status = EngineerStatus.Available;
        await Commit();
        await ForgetAssignmentAsync();
    }

    public Task<EngineerView> SetOffDuty(bool offDuty)
    {
        RequireRegistered();
        if (offDuty && Record.CurrentCaseId is { } current)
            throw DomainException.Conflict($"Engineer '{this.GetPrimaryKeyString()}' is busy with case '{current}'.");
        Record.Status = offDuty ? EngineerStatus.OffDuty : EngineerStatus.Available;
        return Commit();
    }

    void RequireRegistered()
    {
        if (Record.Profile is null) throw DomainException.NotFound("Engineer", this.GetPrimaryKeyString());
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Record.CurrentCaseId is not null) ConfirmAssignmentIn(options.Value.AssignmentCheckOnActivation);
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
    };
}
