using ServiceGrid.Cases;

namespace ServiceGrid.Grains.Cases;

[GenerateSerializer, Alias("ServiceGrid.IntakeRecord")]
public sealed class IntakeRecord
{
    [Id(0)] public string? CaseId { get; set; }
    [Id(1)] public OpenCase? Request { get; set; }
}

/// <summary>
/// One idempotency key. The case id is stored before the case is opened, so a retry after a crash in between
/// opens the same case (opening is idempotent per id) rather than a second one; concurrent retries queue here.
/// </summary>
public sealed class IntakeGrain(
    [PersistentState("intake", StorageNames.Cases)] IPersistentState<IntakeRecord> state) : Grain, IIntakeGrain
{
    public async Task<IntakeResult> Open(string newCaseId, OpenCase command)
    {
        var created = state.State.CaseId is null;
        if (created)
        {
            state.State.CaseId = newCaseId;
            state.State.Request = command;
            await state.WriteStateAsync();
        }
        else if (state.State.Request != command)
        {
            throw DomainException.Rule("This Idempotency-Key was already used for a different request.");
        }
        try
        {
            var view = await GrainFactory.GetGrain<ICaseGrain>(state.State.CaseId!).Open(state.State.Request!);
            return new IntakeResult(view, created);
        }
        catch (DomainException)
        {
            // The case refused to open (unknown customer, region, unit) and stored nothing: neither does the key,
            // so a corrected retry under the same key opens a case.
            await state.ClearStateAsync();
            throw;
        }
    }
}
