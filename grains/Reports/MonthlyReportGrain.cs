using System.Collections.Immutable;
using ServiceGrid.Reports;

namespace ServiceGrid.Grains.Reports;

/// <summary>
/// The cases of one region opened in one month, fed by the region's <c>CaseProjectionGrain</c>: each case once, with its
/// latest version; older or repeated versions change nothing, and a case moved to another region leaves.
/// In memory, like the other read models of embedded mode; durable mode reads the month from the database.
/// </summary>
[KeepAlive]
public sealed class MonthlyReportGrain : Grain, IMonthlyReportGrain
{
    readonly Dictionary<string, CaseFacts> _cases = [];
    /// <summary>Cases that moved to another region, with the version at which they left, so a late older event cannot bring them back.</summary>
    readonly Dictionary<string, int> _left = [];

    string Region => this.GetPrimaryKeyString().Split(':')[0];

    public Task Apply(ImmutableArray<CaseFacts> facts)
    {
        foreach (var caseFacts in facts) Apply(caseFacts);
        return Task.CompletedTask;
    }

    void Apply(CaseFacts facts)
    {
        var known = _cases.TryGetValue(facts.Id, out var current) ? current.Version : _left.GetValueOrDefault(facts.Id);
        if (facts.Version <= known) return;
        if (facts.Region == Region)
        {
            _cases[facts.Id] = facts;
            _left.Remove(facts.Id);
        }
        else
        {
            _cases.Remove(facts.Id);
            _left[facts.Id] = facts.Version;
        }
    }

    public Task<CaseFacts?> Find(string caseId) => Task.FromResult(_cases.GetValueOrDefault(caseId));

    public Task<MonthlyFigures> GetFigures() =>
        Task.FromResult(_cases.Values.Aggregate(MonthlyFigures.Empty, MonthlyReports.Add));
}
