using ServiceGrid.Cases;

namespace ServiceGrid.Grains.Cases;

/// <summary>
/// The field engineer's steps that do not move the case's state, as rules on its record: setting off for the site and
/// the customer's signature on the dispatch form. Each refuses with a <see cref="DomainException"/> before anything
/// changes, or appends its timeline entry.
/// </summary>
public static class CaseField
{
    static readonly HashSet<CaseState> Signable = [CaseState.Responded, CaseState.OnSite, CaseState.Resolved];

    public static void StartTravel(CaseRecord record, string actor, DateTimeOffset now)
    {
        if (record.State != CaseState.Responded)
            throw DomainException.Conflict($"The case is '{CaseTransitions.Name(record.State)}'; travel starts once the engineer has responded and before arriving.");
        record.Append(TimelineTypes.TravelStarted, actor, now, engineerId: record.EngineerId);
    }

    public static void Sign(CaseRecord record, string signerName, string attachmentId, string actor, DateTimeOffset now)
    {
        if (!Signable.Contains(record.State))
            throw DomainException.Conflict($"The case is '{CaseTransitions.Name(record.State)}'; the customer signs the dispatch form once the engineer has responded, up to its resolution.");
        record.Append(TimelineTypes.Signed, actor, now, note: signerName, engineerId: record.EngineerId);
        record.Timeline[^1] = record.Timeline[^1] with { AttachmentId = attachmentId };
    }
}
