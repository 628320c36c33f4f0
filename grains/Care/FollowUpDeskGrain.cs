using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using ServiceGrid.Care;
using ServiceGrid.Cases;
using ServiceGrid.Grains.Cases;
using ServiceGrid.Grains.Organization;

namespace ServiceGrid.Grains.Care;

/// <summary>
/// The customer service center's follow-up desk: it asks the <see cref="FollowUpGrain"/> of every region and month a
/// question spans and folds their answers. It keeps nothing, so any number of activations may answer.
/// </summary>
[StatelessWorker]
public sealed class FollowUpDeskGrain(OrganizationDirectory organization, IOptions<FollowUpOptions> options, TimeProvider clock)
    : Grain, IFollowUpDeskGrain
{
    FollowUpOptions Settings => options.Value;

    public async Task<ImmutableArray<ClosedCase>> CallBacks(string? region) =>
        OldestFirst(await FindAsync(region, RecentMonths(Settings.CallBackMonths), ClosedCaseFilter.AwaitingSurvey));

    public async Task<ImmutableArray<ClosedCase>> FollowUps(string? region) =>
        OldestFirst(await FindAsync(region, RecentMonths(Settings.FollowUpMonths), ClosedCaseFilter.AwaitingInvestigation));

    public async Task<ClosedCase> RecordInvestigation(string caseId, string outcome, string actor) =>
        await (await FollowUpOfAsync(caseId)).RecordInvestigation(caseId, outcome, actor);

    public async Task<FollowUpVisits> Visits(string quarter)
    {
        var months = FollowUpVisitSample.MonthsOf(quarter) ?? throw DomainException.Invalid("quarter", "'quarter' must be spelled yyyy-Qn, e.g. 2026-Q3.");
        var closed = await FindAsync(null, months, ClosedCaseFilter.All);
        return new FollowUpVisits(quarter, Settings.VisitShare, closed.Count, FollowUpVisitSample.Draw(quarter, closed, Settings.VisitShare));
    }

    public async Task<ClosedCase> RecordVisit(string caseId, string outcome, string actor)
    {
        var followUp = await FollowUpOfAsync(caseId);
        var view = await GrainFactory.GetGrain<ICaseGrain>(caseId).Get();
        var quarter = FollowUpVisitSample.QuarterOf(FollowUpKeys.ClosedAt(view!)!.Value);
        if ((await Visits(quarter)).Visits.All(visit => visit.CaseId != caseId))
            throw DomainException.Rule($"Case '{caseId}' is not drawn for a follow-up visit in {quarter}.");
        return await followUp.RecordVisit(caseId, outcome, actor);
    }

    public async Task<SatisfactionReport> Satisfaction(string from, string to, SatisfactionGrouping by)
    {
        var months = MonthsBetween(from, to);
        if (months.Count > Settings.MaxReportMonths)
            throw DomainException.Invalid("to", $"A satisfaction report spans at most {Settings.MaxReportMonths} months.");
        return SatisfactionReports.Build(from, to, by, await FindAsync(null, months, ClosedCaseFilter.Surveyed));
    }

    /// <summary>The follow-up grain of a closed case; 404 for an unknown case, 409 for one that is not closed.</summary>
    async Task<IFollowUpGrain> FollowUpOfAsync(string caseId)
    {
        var view = await GrainFactory.GetGrain<ICaseGrain>(caseId).Get() ?? throw DomainException.NotFound("Case", caseId);
        var closedAt = FollowUpKeys.ClosedAt(view) ?? throw DomainException.Conflict($"Case '{caseId}' is '{CaseTransitions.Name(view.State)}', not closed.");
        var followUp = GrainFactory.GetGrain<IFollowUpGrain>(FollowUpKeys.Of(view.Region, closedAt));
        // The projection may not have brought the closing yet: hand it the case, which changes nothing if it has.
        await followUp.Apply(view);
        return followUp;
    }

    async Task<List<ClosedCase>> FindAsync(string? region, IEnumerable<string> months, ClosedCaseFilter filter)
    {
        var regions = region is null ? (await organization.GetChartAsync()).Regions.Select(r => r.Id).ToList() : [region];
        var lists = await Task.WhenAll(regions.SelectMany(r => months.Select(month =>
            GrainFactory.GetGrain<IFollowUpGrain>($"{r}:{month}").Find(filter))));
        return [.. lists.SelectMany(list => list)];
    }

    List<string> RecentMonths(int count)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var first = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        return [.. Enumerable.Range(0, count).Select(back => first.AddMonths(-back).ToString("yyyy-MM", CultureInfo.InvariantCulture))];
    }

    static List<string> MonthsBetween(string from, string to)
    {
        var first = DateTime.ParseExact(from, "yyyy-MM", CultureInfo.InvariantCulture);
        var last = DateTime.ParseExact(to, "yyyy-MM", CultureInfo.InvariantCulture);
        var months = new List<string>();
        for (var month = first; month <= last && months.Count <= 1_200; month = month.AddMonths(1))
            months.Add(month.ToString("yyyy-MM", CultureInfo.InvariantCulture));
        return months;
    }

    static ImmutableArray<ClosedCase> OldestFirst(IEnumerable<ClosedCase> cases) =>
        [.. cases.OrderBy(c => c.ClosedAt).ThenBy(c => c.CaseId, StringComparer.Ordinal)];
}
