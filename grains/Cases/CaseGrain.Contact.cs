using ServiceGrid.Cases;
using ServiceGrid.Grains.Sla;

namespace ServiceGrid.Grains.Cases;

/// <summary>What the customer service center adds to a case from the phone: a further contact, a consultation's answer.</summary>
public sealed partial class CaseGrain
{
    public async Task<CaseView> AddNote(string note, string actor)
    {
        var now = await BeginAsync();
        if (Record.State is CaseState.Closed or CaseState.Cancelled)
            throw DomainException.Conflict($"The case is '{CaseTransitions.Name(Record.State)}'; open a new case instead.");
        Record.Append(TimelineTypes.Note, actor, now, note: note);
        return await CommitAsync(now);
    }

    public async Task<CaseView> AnswerConsultation(string answer, string actor)
    {
        var now = await BeginAsync();
        if (Record.Kind != CaseKind.Consultation)
            throw DomainException.Rule($"Only a consultation is answered on the spot; the case is a '{CaseTransitions.Name(Record.Kind)}'.");
        if (Record.State == CaseState.Closed && Record.Timeline.LastOrDefault(e => e.Type == TimelineTypes.Answered)?.Note == answer)
            return Record.ToView(Id);
        if (Record.State is not (CaseState.Open or CaseState.Claimed))
            throw DomainException.Conflict($"The case is '{CaseTransitions.Name(Record.State)}'; a consultation is answered on the spot only before an engineer is sent.");

        // Service plan 4.5: the answer is the response; no visit and no repair follow.
        Record.Sla = SlaClock.Waive(SlaClock.Waive(SlaClock.Meet(Record.Sla, Milestone.Response, now), Milestone.Onsite), Milestone.Resolution);
        Record.Resolution = new ResolutionView(answer, null, [], now);
        Record.State = CaseState.Closed;
        Record.Append(TimelineTypes.Answered, actor, now, note: answer, milestone: Milestone.Response);
        Record.Append(TimelineTypes.Closed, actor, now);
        return await CommitAsync(now);
    }
}
