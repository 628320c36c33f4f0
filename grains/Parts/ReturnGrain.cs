using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceGrid.Cases;
using ServiceGrid.Grains.Cases;
using ServiceGrid.Grains.Organization;
using ServiceGrid.Organization;
using ServiceGrid.Parts;

namespace ServiceGrid.Grains.Parts;

[GenerateSerializer, Alias("ServiceGrid.ReturnRecord")]
public sealed class ReturnRecord
{
    [Id(0)] public ReturnView? View { get; set; }
    /// <summary>The part passed inspection and is stored as restocked, but the depot has not confirmed it yet.</summary>
    [Id(1)] public bool RestockPending { get; set; }
    /// <summary>Who took each step, and when: the service task record of the part.</summary>
    [Id(2)] public List<ReturnStep> Steps { get; set; } = [];
}

[GenerateSerializer, Immutable, Alias("ServiceGrid.ReturnStep")]
public sealed record ReturnStep([property: Id(0)] ReturnStatus Status, [property: Id(1)] string Actor, [property: Id(2)] DateTimeOffset At);

/// <summary>
/// One faulty part's way back (service plan 2(3), 4.5): taken back on site, repaired, inspected by HQ's technical
/// service center, then back into <see cref="PartsOptions.RepairDepotId"/> or scrapped. Steps in any other order are
/// refused. The restock is stored before the depot is told and repeated until it confirms (by the return's id, once).
/// </summary>
public sealed partial class ReturnGrain(
    [PersistentState("return", StorageNames.Cases)] IPersistentState<ReturnRecord> state,
    IOptions<PartsOptions> parts,
    TimeProvider clock,
    ILogger<ReturnGrain> logger) : Grain, IReturnGrain, IRemindable
{
    const string RestockReminder = "restock";

    /// <summary>States of a case in which an engineer has been on site and may have replaced a part.</summary>
    static readonly CaseState[] WorkedOnSite = [CaseState.OnSite, CaseState.Resolved, CaseState.Closed];

    IGrainTimer? _restockTimer;

    ReturnRecord Record => state.State;
    string Id => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Record.RestockPending) await RestockAsync();
    }

    public async Task<ReturnView> TakeBack(TakeBackPart command)
    {
        if (Record.View is { } known)
        {
            return known.CaseId == command.CaseId && known.Sku == command.Sku && known.Serial == command.Serial
                ? known
                : throw DomainException.Conflict($"Return '{Id}' is for part {known.Sku} '{known.Serial}' of case '{known.CaseId}'.");
        }
        var view = await GrainFactory.GetGrain<ICaseGrain>(command.CaseId).Get() ?? throw DomainException.NotFound("Case", command.CaseId);
        if (!WorkedOnSite.Contains(view.State))
            throw DomainException.Conflict($"A faulty part is taken back on site; the case is '{CaseTransitions.Name(view.State)}'.");

        Record.View = new ReturnView
        {
            Id = Id, CaseId = command.CaseId, BranchId = view.BranchId, Sku = command.Sku, Serial = command.Serial,
            Status = ReturnStatus.Received, ReceivedAt = clock.GetUtcNow(),
        };
        Record.Steps.Add(new ReturnStep(ReturnStatus.Received, command.Actor, Record.View.ReceivedAt));
        await state.WriteStateAsync();
        return Record.View;
    }

    public Task<ReturnView?> Get()
    {
        if (Record.View is null) DeactivateOnIdle();
        return Task.FromResult(Record.View);
    }

    public async Task<ReturnView> MarkRepaired(string actor)
    {
        var view = Require(ReturnStatus.Received, "repaired");
        Record.View = view with { Status = ReturnStatus.Repaired, RepairedAt = clock.GetUtcNow() };
        Record.Steps.Add(new ReturnStep(ReturnStatus.Repaired, actor, Record.View.RepairedAt!.Value));
        await state.WriteStateAsync();
        return Record.View;
    }

    public async Task<ReturnView> Inspect(bool passed, string actor)
    {
        var view = Require(ReturnStatus.Repaired, "inspected");
        Record.View = view with
        {
            Status = passed ? ReturnStatus.Restocked : ReturnStatus.Scrapped,
            InspectedAt = clock.GetUtcNow(),
            Passed = passed,
            RestockedTo = passed ? parts.Value.RepairDepotId : null,
        };
        Record.RestockPending = passed;
        Record.Steps.Add(new ReturnStep(Record.View.Status, actor, Record.View.InspectedAt!.Value));
        if (passed) await this.RegisterOrUpdateReminder(RestockReminder, ReminderTicks.MinPeriod, ReminderTicks.MinPeriod);
        await state.WriteStateAsync();
        if (passed) await RestockAsync();
        return Record.View;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (Record.RestockPending) await RestockAsync();
        else if (await this.GetReminder(reminderName) is { } done) await this.UnregisterReminder(done);
    }

    ReturnView Require(ReturnStatus expected, string step)
    {
        if (Record.View is not { } view)
        {
            DeactivateOnIdle();
            throw DomainException.NotFound("Return", Id);
        }
        return view.Status == expected
            ? view
            : throw DomainException.Conflict($"A part is {step} after it is {CaseTransitions.Name(expected)}; this one is {CaseTransitions.Name(view.Status)}.");
    }

    async Task RestockAsync()
    {
        var view = Record.View!;
        try
        {
            await GrainFactory.GetGrain<IDepotGrain>(view.RestockedTo!).Receive($"return:{Id}", view.Sku, 1);
            Record.RestockPending = false;
            await state.WriteStateAsync();
            _restockTimer?.Dispose();
            _restockTimer = null;
            if (await this.GetReminder(RestockReminder) is { } reminder) await this.UnregisterReminder(reminder);
        }
        catch (Exception exception)
        {
            LogRestockFailed(logger, exception, Id, view.RestockedTo!);
            _restockTimer ??= this.RegisterGrainTimer(RestockAsync, new GrainTimerCreationOptions(parts.Value.RestockRetry, parts.Value.RestockRetry));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Return {ReturnId}: the repaired part is not back in {DepotId} yet; retrying")]
    static partial void LogRestockFailed(ILogger logger, Exception exception, string returnId, string depotId);
}
