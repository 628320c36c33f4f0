using System.Collections.Immutable;
using ServiceGrid.Care;
using ServiceGrid.Cases;
using ServiceGrid.Grains.Cases;

namespace ServiceGrid.Grains.Care;

/// <summary>The satisfaction report folded from surveyed closed cases: a pure function, so it is tested without a silo.</summary>
public static class SatisfactionReports
{
    /// <summary>Service plan 4.7.5's grades: A is score 5 (very satisfied) … E is score 1.</summary>
    public static readonly ImmutableArray<string> Grades = ["A", "B", "C", "D", "E"];

    public static SatisfactionReport Build(string from, string to, SatisfactionGrouping by, IEnumerable<ClosedCase> cases)
    {
        var surveyed = cases.Where(c => c.Survey is not null).ToList();
        return new SatisfactionReport(from, to, by,
            [
                .. surveyed.GroupBy(c => KeyOf(c, by), StringComparer.Ordinal)
                    .OrderBy(group => group.Key, StringComparer.Ordinal)
                    .Select(group => Group(group.Key, group)),
            ],
            Group("company", surveyed));
    }

    static string KeyOf(ClosedCase c, SatisfactionGrouping by) => by switch
    {
        SatisfactionGrouping.Customer => c.CustomerId,
        SatisfactionGrouping.Model => c.Model ?? "(no unit)",
        SatisfactionGrouping.Kind => CaseTransitions.Name(c.Kind),
        _ => c.Region,
    };

    static SatisfactionGroup Group(string key, IEnumerable<ClosedCase> cases)
    {
        var scores = cases.Select(c => c.Survey!.Score).ToList();
        var distribution = Grades.ToImmutableSortedDictionary(grade => grade, grade => scores.Count(score => GradeOf(score) == grade), StringComparer.Ordinal);
        double? rate = scores.Count == 0 ? null : Math.Round(100.0 * scores.Count(score => score >= 3) / scores.Count, 1);
        return new SatisfactionGroup(key, scores.Count, distribution, rate);
    }

    public static string GradeOf(int score) => Grades[Math.Clamp(5 - score, 0, 4)];
}
