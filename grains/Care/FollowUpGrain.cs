using System.Collections.Immutable;
using ServiceGrid.Care;
using ServiceGrid.Cases;
using ServiceGrid.Events;
using ServiceGrid.Service;

namespace ServiceGrid.Grains.Care;

/// <summary>
/// One region's cases closed in one month, as its case projection (<c>CaseProjectionGrain</c>) sees them close and get
/// surveyed, with what the customer service center records on them. Versions make a replayed event change nothing.
/// </summary>
public sealed class FollowUpGrain(
    [PersistentState("follow-up", StorageNames.Cases)] IPersistentState<FollowUpRecord> state,
    TimeProvider clock) : Grain, IFollowUpGrain
{
    Dictionary<string, ClosedCase> Cases => state.State.Cases;

    /// <summary>Whether the change closed a case or recorded its survey: the only changes this grain takes.</summary>
    public static bool Concerns(CaseChanged changed) =>
        changed.Case.State == CaseState.Closed && changed.Entries.Any(entry => entry.Type is TimelineTypes.Closed or TimelineTypes.Surveyed);

    public async Task Apply(CaseView view)
    {
        if (FollowUpKeys.ClosedAt(view) is not { } closedAt) return;
        var known = Cases.GetValueOrDefault(view.Id);
        if (known is not null && known.Version >= view.Version) return;
        var model = known?.Model;
        if (model is null && view.EquipmentSerial is { } serial)
            model = (await GrainFactory.GetGrain<IEquipmentGrain>(serial).Get())?.Model;
        Cases[view.Id] = new ClosedCase
        {
            CaseId = view.Id,
            Version = view.Version,
            CustomerId = view.CustomerId,
            Region = view.Region,
            Kind = view.Kind,
            Severity = view.Severity,
            Title = view.Title,
            EquipmentSerial = view.EquipmentSerial,
            Model = model,
            BranchId = view.BranchId,
            EngineerId = view.EngineerId,
            ClosedAt = closedAt,
            Survey = view.Survey,
            Investigation = known?.Investigation,
            Visit = known?.Visit,
        };
        await WriteAsync();
    }

    public Task<ImmutableArray<ClosedCase>> Find(ClosedCaseFilter filter) => Task.FromResult(Cases.Values.Where(filter switch
    {
        ClosedCaseFilter.AwaitingSurvey => c => c.Survey is null,
        ClosedCaseFilter.Surveyed => c => c.Survey is not null,
        ClosedCaseFilter.AwaitingInvestigation => c => c.Dissatisfied && c.Investigation is null,
        _ => (Func<ClosedCase, bool>)(_ => true),
    }).ToImmutableArray());

    public Task<ClosedCase> RecordInvestigation(string caseId, string outcome, string actor) =>
        RecordAsync(caseId, outcome, actor, c => c.Investigation, (c, o) => c with { Investigation = o }, c =>
        {
            if (!c.Dissatisfied)
                throw DomainException.Rule($"Case '{caseId}' has no dissatisfied survey (score {ClosedCase.DissatisfiedAtOrBelow} or less) to investigate.");
        });

    public Task<ClosedCase> RecordVisit(string caseId, string outcome, string actor) =>
        RecordAsync(caseId, outcome, actor, c => c.Visit, (c, o) => c with { Visit = o }, _ => { });

    /// <summary>Records an outcome once; the same outcome again answers the first record, another one is a conflict.</summary>
    async Task<ClosedCase> RecordAsync(string caseId, string outcome, string actor,
        Func<ClosedCase, FollowUpOutcome?> current, Func<ClosedCase, FollowUpOutcome, ClosedCase> with, Action<ClosedCase> require)
    {
        var closed = Cases.GetValueOrDefault(caseId) ?? throw DomainException.NotFound("Closed case", caseId);
        require(closed);
        if (current(closed) is { } recorded)
            return recorded.Outcome == outcome ? closed : throw DomainException.Conflict($"An outcome was already recorded for case '{caseId}' by '{recorded.Actor}'.");
        var updated = Cases[caseId] = with(closed, new FollowUpOutcome(outcome, actor, clock.GetUtcNow()));
        await WriteAsync();
        return updated;
    }

    async Task WriteAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Memory now differs from storage: the next call reloads what is stored (and the stream redelivers the event).
            DeactivateOnIdle();
            throw;
        }
    }
}
