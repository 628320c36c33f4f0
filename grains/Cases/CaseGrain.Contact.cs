using ServiceGrid.Cases;

namespace ServiceGrid.Grains.Cases;

/// <summary>What the customer service center adds to a case from the phone: a further contact, a consultation's answer.</summary>
public sealed partial class CaseGrain
{
    public Task<CaseView> AddNote(string note, string actor) => ApplyAsync(now => CaseContact.AddNote(Record, note, actor, now));

    public Task<CaseView> AnswerConsultation(string answer, string actor) =>
        ApplyOnceAsync(now => CaseContact.AnswerConsultation(Record, answer, actor, now));
}
