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

/// <summary>A field engineer: where they are, and whether they can take a case.</summary>
public sealed class EngineerGrain(
    [PersistentState("engineer", StorageNames.Organization)] IPersistentState<EngineerRecord> state,
    TimeProvider clock) : Grain, IEngineerGrain
{
    EngineerRecord Record => state.State;

    public async Task<EngineerView> Register(EngineerProfile profile)
    {
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

    public Task<EngineerView> Move(GeoPoint location)
    {
        RequireRegistered();
        Record.Location = location;
        return Commit();
    }

    public Task<EngineerView> Assign(string caseId)
    {
        RequireRegistered();
        if (Record.CurrentCaseId == caseId) return Task.FromResult(View());
        if (Record.Status == EngineerStatus.OffDuty)
            throw DomainException.Conflict($"Engineer '{this.GetPrimaryKeyString()}' is off duty.");
        if (Record.CurrentCaseId is { } current)
            throw DomainException.Conflict($"Engineer '{this.GetPrimaryKeyString()}' is busy with case '{current}'.");
        Record.CurrentCaseId = caseId;
        Record.Status = EngineerStatus.Busy;
        return Commit();
    }

    public async Task Release(string caseId)
    {
        if (Record.CurrentCaseId != caseId) return;
        Record.CurrentCaseId = null;
        Record.Status = EngineerStatus.Available;
        await Commit();
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

    async Task<EngineerView> Commit()
    {
        Record.Version++;
        Record.UpdatedAt = clock.GetUtcNow();
        await state.WriteStateAsync();
        var view = View();
        await this.EngineerStream(view.RegionId).OnNextAsync(new EngineerChanged(view));
        return view;
    }

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
