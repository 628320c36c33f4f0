using ServiceGrid.Cases;
using ServiceGrid.Grains.Sla;

namespace ServiceGrid.Grains.Cases;

/// <summary>
/// What the customer tells a case, as rules on its record: a further contact taken by the customer service center, a
/// consultation's answer given on the phone, the survey after the case is closed. Each checks the command, throwing the
/// <see cref="DomainException"/> that refuses it before anything changes, then writes the values and the timeline entry.
/// </summary>
public static class CaseContact
{
    public static void AddNote(CaseRecord record, string note, string actor, DateTimeOffset now)
    {
        if (record.State is CaseState.Closed or CaseState.Cancelled)
            throw DomainException.Conflict($"The case is '{CaseTransitions.Name(record.State)}'; open a new case instead.");
        record.Append(TimelineTypes.Note, actor, now, note: note);
    }

    /// <returns>False when the consultation is already closed with this answer (a repeated request changes nothing).</returns>
    public static bool AnswerConsultation(CaseRecord record, string answer, string actor, DateTimeOffset now)
    {
        if (record.Kind != CaseKind.Consultation)
            throw DomainException.Rule($"Only a consultation is answered on the spot; the case is a '{CaseTransitions.Name(record.Kind)}'.");
        if (record.State == CaseState.Closed && record.Timeline.LastOrDefault(e => e.Type == TimelineTypes.Answered)?.Note == answer)
            return false;
        if (record.State is not (CaseState.Open or CaseState.Claimed))
            throw DomainException.Conflict($"The case is '{CaseTransitions.Name(record.State)}'; a consultation is answered on the spot only before an engineer is sent.");

        // Service plan 4.5: the answer is the response; no visit and no repair follow.
        record.Sla = SlaClock.Waive(SlaClock.Waive(SlaClock.Meet(record.Sla, Milestone.Response, now), Milestone.Onsite), Milestone.Resolution);
        record.Resolution = new ResolutionView(answer, null, [], now);
        record.State = CaseState.Closed;
        record.Append(TimelineTypes.Answered, actor, now, note: answer, milestone: Milestone.Response);
        record.Append(TimelineTypes.Closed, actor, now);
        return true;
    }

    public static void Survey(CaseRecord record, int score, string? comment, string actor, DateTimeOffset now)
    {
        if (record.State != CaseState.Closed)
            throw DomainException.Rule($"A survey is taken only on a closed case; the case is '{CaseTransitions.Name(record.State)}'.");
        if (record.Survey is not null) throw DomainException.Conflict("The customer has already answered the survey of this case.");
        record.Survey = new SurveyView(score, comment, now);
        record.Append(TimelineTypes.Surveyed, actor, now, note: comment, score: score);
    }
}
