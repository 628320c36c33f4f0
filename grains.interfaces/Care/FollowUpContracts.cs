using System.Collections.Immutable;
using System.Globalization;
using ServiceGrid.Cases;

namespace ServiceGrid.Care;

/// <summary>What someone recorded on a follow-up: the outcome of an investigation or of a visit, who and when.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.FollowUpOutcome")]
public sealed record FollowUpOutcome(
    [property: Id(0)] string Outcome,
    [property: Id(1)] string Actor,
    [property: Id(2)] DateTimeOffset At);

/// <summary>
/// A closed case as the customer service center follows it up (service plan 4.7.5): the call-back survey, a dissatisfied
/// customer's investigation, the quarterly follow-up visit.
/// </summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.ClosedCase")]
public sealed record ClosedCase
{
    [Id(0)] public required string CaseId { get; init; }
    [Id(1)] public required int Version { get; init; }
    [Id(2)] public required string CustomerId { get; init; }
    [Id(3)] public required string Region { get; init; }
    [Id(4)] public required CaseKind Kind { get; init; }
    [Id(5)] public required Severity Severity { get; init; }
    [Id(6)] public required string Title { get; init; }
    [Id(7)] public string? EquipmentSerial { get; init; }
    /// <summary>The unit's model, when the case was on a unit.</summary>
    [Id(8)] public string? Model { get; init; }
    [Id(9)] public string? BranchId { get; init; }
    [Id(10)] public string? EngineerId { get; init; }
    [Id(11)] public required DateTimeOffset ClosedAt { get; init; }
    [Id(12)] public SurveyView? Survey { get; init; }
    /// <summary>On a dissatisfied survey (score 2 or 1): the investigation's outcome, once recorded.</summary>
    [Id(13)] public FollowUpOutcome? Investigation { get; init; }
    /// <summary>On a case drawn for a quarterly follow-up visit: the visit's outcome, once recorded.</summary>
    [Id(14)] public FollowUpOutcome? Visit { get; init; }

    /// <summary>Service plan 4.7.5: D or E (2 or 1) is a dissatisfied customer, investigated and reported to management.</summary>
    public const int DissatisfiedAtOrBelow = 2;

    public bool Dissatisfied => Survey is { Score: <= DissatisfiedAtOrBelow };
}

/// <summary>Which of a month's closed cases to list.</summary>
public enum ClosedCaseFilter
{
    All,
    /// <summary>Call-backs: closed, no survey yet.</summary>
    AwaitingSurvey,
    Surveyed,
    /// <summary>Dissatisfied surveys whose investigation is not recorded yet.</summary>
    AwaitingInvestigation,
}

/// <summary>Where a closed case is followed up: its region and the month (UTC) it closed in.</summary>
public static class FollowUpKeys
{
    public static string Of(string region, DateTimeOffset closedAt) =>
        $"{region}:{closedAt.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture)}";

    /// <summary>When the case closed, or null while it is not closed.</summary>
    public static DateTimeOffset? ClosedAt(CaseView view) =>
        view.State == CaseState.Closed ? view.Timeline.LastOrDefault(entry => entry.Type == TimelineTypes.Closed)?.At : null;
}

/// <summary>
/// The cases of one region that closed in one month (key <c>{region}:{yyyy-MM}</c>), fed by the region's case
/// projection as they close and are surveyed; the follow-ups recorded on them.
/// </summary>
[Alias("ServiceGrid.IFollowUpGrain")]
public interface IFollowUpGrain : IGrainWithStringKey
{
    /// <summary>Takes a closed case's latest view; an older version than known changes nothing.</summary>
    [Alias("Apply")] Task Apply(CaseView view);
    [Alias("Find")] Task<ImmutableArray<ClosedCase>> Find(ClosedCaseFilter filter);
    /// <summary>Records the investigation of a dissatisfied survey; 404 unknown case, 422 not dissatisfied, 409 another outcome already recorded.</summary>
    [Alias("RecordInvestigation")] Task<ClosedCase> RecordInvestigation(string caseId, string outcome, string actor);
    /// <summary>Records a follow-up visit's outcome; 404 unknown case, 409 another outcome already recorded.</summary>
    [Alias("RecordVisit")] Task<ClosedCase> RecordVisit(string caseId, string outcome, string actor);
}

/// <summary>A quarter's follow-up visits: the drawn sample with what was recorded of each visit.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.FollowUpVisits")]
public sealed record FollowUpVisits(
    [property: Id(0)] string Quarter,
    [property: Id(1)] double Share,
    [property: Id(2)] int ClosedCases,
    [property: Id(3)] ImmutableArray<ClosedCase> Visits);

/// <summary>
/// The customer service center's follow-up desk across regions and months: call-backs, dissatisfied follow-ups, the
/// quarterly visits, the satisfaction report. Stateless: it asks the <see cref="IFollowUpGrain"/>s.
/// </summary>
[Alias("ServiceGrid.IFollowUpDeskGrain")]
public interface IFollowUpDeskGrain : IGrainWithIntegerKey
{
    /// <summary>Closed cases waiting for the call-back survey, oldest first, of one region or all.</summary>
    [Alias("CallBacks")] Task<ImmutableArray<ClosedCase>> CallBacks(string? region);
    /// <summary>Dissatisfied surveys waiting for their investigation's outcome, oldest first.</summary>
    [Alias("FollowUps")] Task<ImmutableArray<ClosedCase>> FollowUps(string? region);
    [Alias("RecordInvestigation")] Task<ClosedCase> RecordInvestigation(string caseId, string outcome, string actor);
    /// <param name="quarter">A quarter as <c>yyyy-Qn</c>, already validated.</param>
    [Alias("Visits")] Task<FollowUpVisits> Visits(string quarter);
    /// <summary>Records a visit's outcome; 422 when the case is not drawn for a visit in its quarter.</summary>
    [Alias("RecordVisit")] Task<ClosedCase> RecordVisit(string caseId, string outcome, string actor);
    /// <param name="from">First month, <c>yyyy-MM</c>, validated.</param>
    /// <param name="to">Last month, <c>yyyy-MM</c>, validated, not before <paramref name="from"/>.</param>
    [Alias("Satisfaction")] Task<SatisfactionReport> Satisfaction(string from, string to, SatisfactionGrouping by);
}

/// <summary>What the satisfaction report groups by.</summary>
public enum SatisfactionGrouping { Customer, Model, Kind, Region }

/// <summary>
/// Service plan 4.7.5 as the seed reports it: per group the surveys, the distribution A (5, very satisfied) … E (1) and
/// the satisfaction rate A+B+C in percent (null without surveys), and the same for the whole company. A survey counts in
/// the month its case closed.
/// </summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.SatisfactionReport")]
public sealed record SatisfactionReport(
    [property: Id(0)] string From,
    [property: Id(1)] string To,
    [property: Id(2)] SatisfactionGrouping By,
    [property: Id(3)] ImmutableArray<SatisfactionGroup> Groups,
    [property: Id(4)] SatisfactionGroup Company);

[GenerateSerializer, Immutable, Alias("ServiceGrid.SatisfactionGroup")]
public sealed record SatisfactionGroup(
    [property: Id(0)] string Key,
    [property: Id(1)] int Surveys,
    [property: Id(2)] ImmutableSortedDictionary<string, int> Distribution,
    [property: Id(3)] double? Rate);

/// <summary>
/// What a customer sees of their case's engineer (the "last mile" view): the engineer's name once dispatched and, only
/// while the engineer travels to this site, an estimated arrival and a coarsened position near the site.
/// </summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.CaseTracking")]
public sealed record CaseTracking
{
    [Id(0)] public required string CaseId { get; init; }
    [Id(1)] public required CaseState State { get; init; }
    [Id(2)] public string? EngineerName { get; init; }
    /// <summary>Whether the engineer is on the way to this site now.</summary>
    [Id(3)] public required bool Travelling { get; init; }
    [Id(4)] public DateTimeOffset? Eta { get; init; }
    /// <summary>While travelling and within the configured radius of the site: the engineer's position, rounded.</summary>
    [Id(5)] public GeoPoint? Position { get; init; }
    [Id(6)] public double? DistanceKm { get; init; }
}

/// <summary>Computes a case's <see cref="CaseTracking"/> from the case and its engineer; keeps nothing.</summary>
[Alias("ServiceGrid.ICaseTrackingGrain")]
public interface ICaseTrackingGrain : IGrainWithIntegerKey
{
    /// <summary>The case's tracking; 404 for an unknown case.</summary>
    [Alias("Track")] Task<CaseTracking> Track(string caseId);
}
