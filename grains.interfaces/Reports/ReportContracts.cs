using System.Collections.Immutable;
using ServiceGrid.Cases;

namespace ServiceGrid.Reports;

/// <summary>One case as the monthly report counts it: the facts of its latest version.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.CaseFacts")]
public sealed record CaseFacts
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required int Version { get; init; }
    [Id(2)] public required string Region { get; init; }
    [Id(3)] public required CaseKind Kind { get; init; }
    [Id(4)] public required Severity Severity { get; init; }
    [Id(5)] public required DateTimeOffset OpenedAt { get; init; }
    /// <summary>Per milestone (response, on site, resolution): its status and, once met, the time it took from opening.</summary>
    [Id(6)] public required ImmutableArray<MilestoneFact> Milestones { get; init; }
    [Id(7)] public int? SurveyScore { get; init; }
    [Id(8)] public ImmutableArray<PartLine> PartsUsed { get; init; } = [];
}

[GenerateSerializer, Immutable, Alias("ServiceGrid.MilestoneFact")]
public sealed record MilestoneFact([property: Id(0)] Milestone Milestone, [property: Id(1)] MilestoneStatus Status, [property: Id(2)] TimeSpan? TimeToMet);

/// <summary>The sums a monthly report is computed from; figures of several regions add up to the figures of all of them.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.MonthlyFigures")]
public sealed record MonthlyFigures
{
    public static readonly MonthlyFigures Empty = new();

    [Id(0)] public int Cases { get; init; }
    [Id(1)] public ImmutableDictionary<CaseKind, int> ByKind { get; init; } = ImmutableDictionary<CaseKind, int>.Empty;
    [Id(2)] public ImmutableDictionary<Severity, int> BySeverity { get; init; } = ImmutableDictionary<Severity, int>.Empty;
    /// <summary>Per milestone: how many were met in time, how many breached, and the minutes to meet them summed over those met at all.</summary>
    [Id(3)] public ImmutableDictionary<Milestone, MilestoneFigures> Milestones { get; init; } = ImmutableDictionary<Milestone, MilestoneFigures>.Empty;
    /// <summary>Survey answers per score 1–5.</summary>
    [Id(4)] public ImmutableDictionary<int, int> Scores { get; init; } = ImmutableDictionary<int, int>.Empty;
    [Id(5)] public ImmutableDictionary<string, int> PartsUsed { get; init; } = ImmutableDictionary<string, int>.Empty;
}

[GenerateSerializer, Immutable, Alias("ServiceGrid.MilestoneFigures")]
public sealed record MilestoneFigures([property: Id(0)] int Met, [property: Id(1)] int Breached, [property: Id(2)] int Timed, [property: Id(3)] double TotalMinutes);

/// <summary>
/// The cases opened in one month (UTC) in one region, each counted once with its latest state, fed by the region's
/// case projection in embedded mode. Key: <c>{region}:{yyyy-MM}</c>.
/// </summary>
[Alias("ServiceGrid.IMonthlyReportGrain")]
public interface IMonthlyReportGrain : IGrainWithStringKey
{
    /// <summary>Takes each case's facts if they are newer than what is known; a case now in another region leaves.</summary>
    [Alias("Apply")] Task Apply(ImmutableArray<CaseFacts> facts);
    [Alias("GetFigures")] Task<MonthlyFigures> GetFigures();
    /// <summary>The facts counted for one case, or null when the case is not counted here.</summary>
    [Alias("Find")] Task<CaseFacts?> Find(string caseId);
}

/// <summary>API.md "Monthly report": what HQ and the managers read each month (service plan 4.7.3, 4.7.5).</summary>
public sealed record MonthlyReport
{
    public required string Month { get; init; }
    /// <summary>Null: the whole company.</summary>
    public string? Region { get; init; }
    public required int Cases { get; init; }
    public required ImmutableSortedDictionary<string, int> ByKind { get; init; }
    public required ImmutableSortedDictionary<string, int> BySeverity { get; init; }
    public required SlaCompliance Sla { get; init; }
    public required MeanTimes MeanTimes { get; init; }
    public required Satisfaction Satisfaction { get; init; }
    public required int Complaints { get; init; }
    public required PartsUsage PartsUsed { get; init; }
}

/// <summary>Per milestone: of the milestones decided (met or breached), the share met in time, in percent; null when none was decided.</summary>
public sealed record SlaCompliance(MilestoneCompliance Response, MilestoneCompliance Onsite, MilestoneCompliance Resolution);

public sealed record MilestoneCompliance(int Met, int Breached, double? Percent);

/// <summary>Mean minutes from opening to the milestone, over the cases that reached it; null when none did.</summary>
public sealed record MeanTimes(double? ResponseMinutes, double? OnsiteMinutes, double? ResolutionMinutes);

/// <summary>
/// Service plan 4.7.5: scores 5 (A, very satisfied) to 1 (E); the satisfaction rate is A+B+C, the share of scores
/// 5, 4 and 3 over all surveys, in percent (null without surveys). <see cref="Distribution"/> counts per score.
/// </summary>
public sealed record Satisfaction(int Surveys, double? Rate, ImmutableSortedDictionary<string, int> Distribution);

public sealed record PartsUsage(int Total, ImmutableSortedDictionary<string, int> BySku);
