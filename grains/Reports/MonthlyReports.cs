using System.Collections.Immutable;
using ServiceGrid.Cases;
using ServiceGrid.Grains.Cases;
using ServiceGrid.Grains.Sla;
using ServiceGrid.Reports;

namespace ServiceGrid.Grains.Reports;

/// <summary>
/// The monthly report as pure computation: a case view becomes facts, facts add up to figures, figures (of one region
/// or several) become the report. Any source of case views (the event stream, a database) can use it.
/// </summary>
public static class MonthlyReports
{
    /// <summary>A case belongs to the month (UTC) it was opened in: service plan 4.5, the opening is the response time.</summary>
    public static string MonthOf(DateTimeOffset openedAt) => openedAt.UtcDateTime.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    public static string GrainKey(string region, string month) => $"{region}:{month}";

    public static CaseFacts Facts(CaseView view) => new()
    {
        Id = view.Id,
        Version = view.Version,
        Region = view.Region,
        Kind = view.Kind,
        Severity = view.Severity,
        OpenedAt = view.OpenedAt,
        Milestones = [.. SlaClocks.Milestones.Select(milestone =>
        {
            var clock = view.Sla.Milestone(milestone);
            return new MilestoneFact(milestone, clock.Status, clock.MetAt - view.OpenedAt);
        })],
        SurveyScore = view.Survey?.Score,
        PartsUsed = view.Resolution?.PartsUsed ?? [],
    };

    public static MonthlyFigures Add(MonthlyFigures figures, CaseFacts facts)
    {
        var milestones = figures.Milestones;
        foreach (var fact in facts.Milestones)
        {
            var sum = milestones.GetValueOrDefault(fact.Milestone) ?? new MilestoneFigures(0, 0, 0, 0);
            milestones = milestones.SetItem(fact.Milestone, new MilestoneFigures(
                sum.Met + (fact.Status == MilestoneStatus.Met ? 1 : 0),
                sum.Breached + (fact.Status == MilestoneStatus.Breached ? 1 : 0),
                sum.Timed + (fact.TimeToMet is null ? 0 : 1),
                sum.TotalMinutes + (fact.TimeToMet?.TotalMinutes ?? 0)));
        }
        return figures with
        {
            Cases = figures.Cases + 1,
            ByKind = Increment(figures.ByKind, facts.Kind, 1),
            BySeverity = Increment(figures.BySeverity, facts.Severity, 1),
            Milestones = milestones,
            Scores = facts.SurveyScore is { } score ? Increment(figures.Scores, score, 1) : figures.Scores,
            PartsUsed = facts.PartsUsed.Aggregate(figures.PartsUsed, (parts, line) => Increment(parts, line.Sku, line.Qty)),
        };
    }

    public static MonthlyFigures Merge(MonthlyFigures a, MonthlyFigures b) => new()
    {
        Cases = a.Cases + b.Cases,
        ByKind = b.ByKind.Aggregate(a.ByKind, (sum, pair) => Increment(sum, pair.Key, pair.Value)),
        BySeverity = b.BySeverity.Aggregate(a.BySeverity, (sum, pair) => Increment(sum, pair.Key, pair.Value)),
        Milestones = b.Milestones.Aggregate(a.Milestones, (sum, pair) => sum.SetItem(pair.Key,
            sum.GetValueOrDefault(pair.Key) is { } x
                ? new MilestoneFigures(x.Met + pair.Value.Met, x.Breached + pair.Value.Breached, x.Timed + pair.Value.Timed, x.TotalMinutes + pair.Value.TotalMinutes)
                : pair.Value)),
        Scores = b.Scores.Aggregate(a.Scores, (sum, pair) => Increment(sum, pair.Key, pair.Value)),
        PartsUsed = b.PartsUsed.Aggregate(a.PartsUsed, (sum, pair) => Increment(sum, pair.Key, pair.Value)),
    };

    /// <summary>A rate in percent with one decimal; null when nothing was counted.</summary>
    static double? Percent(int part, int whole) => whole == 0 ? null : Math.Round(100.0 * part / whole, 1);

    /// <summary>Satisfied is A+B+C: scores 5, 4 and 3 [seed 4.7.5].</summary>
    public const int SatisfiedAtOrAbove = 3;

    public static MonthlyReport Build(string month, string? region, MonthlyFigures figures)
    {
        MilestoneFigures Of(Milestone milestone) => figures.Milestones.GetValueOrDefault(milestone) ?? new MilestoneFigures(0, 0, 0, 0);
        MilestoneCompliance Compliance(Milestone milestone)
        {
            var m = Of(milestone);
            return new MilestoneCompliance(m.Met, m.Breached, Percent(m.Met, m.Met + m.Breached));
        }
        double? Mean(Milestone milestone) => Of(milestone) is { Timed: > 0 } m ? Math.Round(m.TotalMinutes / m.Timed, 1) : null;

        var surveys = figures.Scores.Values.Sum();
        var satisfied = figures.Scores.Where(pair => pair.Key >= SatisfiedAtOrAbove).Sum(pair => pair.Value);
        return new MonthlyReport
        {
            Month = month,
            Region = region,
            Cases = figures.Cases,
            ByKind = Enum.GetValues<CaseKind>().ToImmutableSortedDictionary(CaseTransitions.Name, kind => figures.ByKind.GetValueOrDefault(kind)),
            BySeverity = Enum.GetValues<Severity>().ToImmutableSortedDictionary(severity => severity.ToString(), severity => figures.BySeverity.GetValueOrDefault(severity)),
            Sla = new SlaCompliance(Compliance(Milestone.Response), Compliance(Milestone.Onsite), Compliance(Milestone.Resolution)),
            MeanTimes = new MeanTimes(Mean(Milestone.Response), Mean(Milestone.Onsite), Mean(Milestone.Resolution)),
            Satisfaction = new Satisfaction(surveys, Percent(satisfied, surveys),
                Enumerable.Range(1, 5).ToImmutableSortedDictionary(score => score.ToString(System.Globalization.CultureInfo.InvariantCulture), score => figures.Scores.GetValueOrDefault(score))),
            Complaints = figures.ByKind.GetValueOrDefault(CaseKind.Complaint),
            PartsUsed = new PartsUsage(figures.PartsUsed.Values.Sum(), figures.PartsUsed.ToImmutableSortedDictionary(StringComparer.Ordinal)),
        };
    }

    static ImmutableDictionary<TKey, int> Increment<TKey>(ImmutableDictionary<TKey, int> counts, TKey key, int by) where TKey : notnull =>
        counts.SetItem(key, counts.GetValueOrDefault(key) + by);
}
