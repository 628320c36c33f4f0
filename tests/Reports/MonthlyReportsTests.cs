using System.Collections.Immutable;
using ServiceGrid.Cases;
using ServiceGrid.Grains.Reports;
using ServiceGrid.Reports;

namespace ServiceGrid.Tests.Reports;

public sealed class MonthlyReportsTests
{
    static readonly DateTimeOffset March = new(2026, 3, 10, 8, 0, 0, TimeSpan.Zero);

    static CaseFacts Facts(string id, CaseKind kind = CaseKind.Service, Severity severity = Severity.P3, int? score = null,
        MilestoneStatus response = MilestoneStatus.Met, TimeSpan? responseTime = null, params PartLine[] parts) => new()
    {
        Id = id,
        Version = 1,
        Region = "north",
        Kind = kind,
        Severity = severity,
        OpenedAt = March,
        Milestones =
        [
            new MilestoneFact(Milestone.Response, response, responseTime ?? (response is MilestoneStatus.Met ? TimeSpan.FromMinutes(30) : null)),
            new MilestoneFact(Milestone.Onsite, MilestoneStatus.NotApplicable, null),
            new MilestoneFact(Milestone.Resolution, MilestoneStatus.Pending, null),
        ],
        SurveyScore = score,
        PartsUsed = [.. parts],
    };

    static MonthlyReport Report(params CaseFacts[] facts) =>
        MonthlyReports.Build("2026-03", null, facts.Aggregate(MonthlyFigures.Empty, MonthlyReports.Add));

    [Fact]
    public void The_satisfaction_rate_is_the_share_of_scores_5_4_and_3_over_all_surveys()
    {
        var report = Report(Facts("a", score: 5), Facts("b", score: 4), Facts("c", score: 3), Facts("d", score: 2), Facts("e", score: 1),
            Facts("f", score: 5), Facts("g", score: 1), Facts("h", score: 3), Facts("no-survey"));

        Assert.Equal(8, report.Satisfaction.Surveys);
        Assert.Equal(62.5, report.Satisfaction.Rate);
        Assert.Equal(new Dictionary<string, int> { ["1"] = 2, ["2"] = 1, ["3"] = 2, ["4"] = 1, ["5"] = 2 }, report.Satisfaction.Distribution);
    }

    [Fact]
    public void Without_surveys_or_decided_milestones_the_rates_are_null_not_zero()
    {
        var report = Report(Facts("a", response: MilestoneStatus.Pending));

        Assert.Null(report.Satisfaction.Rate);
        Assert.Null(report.Sla.Response.Percent);
        Assert.Null(report.Sla.Resolution.Percent);
        Assert.Null(report.MeanTimes.ResponseMinutes);
    }

    [Fact]
    public void Compliance_counts_met_over_met_and_breached_and_mean_times_count_every_milestone_reached()
    {
        var report = Report(
            Facts("a", responseTime: TimeSpan.FromMinutes(20)),
            Facts("b", responseTime: TimeSpan.FromMinutes(40)),
            Facts("c", response: MilestoneStatus.Breached, responseTime: TimeSpan.FromMinutes(90)),
            Facts("d", response: MilestoneStatus.Breached, responseTime: null));

        Assert.Equal(new MilestoneCompliance(2, 2, 50.0), report.Sla.Response);
        Assert.Equal(50.0, report.MeanTimes.ResponseMinutes);
    }

    [Fact]
    public void Cases_are_counted_by_kind_and_severity_with_every_value_listed_and_parts_by_sku()
    {
        var report = Report(
            Facts("a", CaseKind.Complaint, Severity.P1),
            Facts("b", CaseKind.Service, Severity.P1, parts: [new PartLine("depot-x", "PSU", 2), new PartLine("depot-y", "FAN", 1)]),
            Facts("c", CaseKind.Service, Severity.P4, parts: new PartLine("depot-x", "PSU", 1)));

        Assert.Equal(3, report.Cases);
        Assert.Equal(1, report.Complaints);
        Assert.Equal(["complaint", "consultation", "inspection", "relocation", "service"], report.ByKind.Keys);
        Assert.Equal((1, 2, 0), (report.ByKind["complaint"], report.ByKind["service"], report.ByKind["relocation"]));
        Assert.Equal((2, 0, 1), (report.BySeverity["P1"], report.BySeverity["P2"], report.BySeverity["P4"]));
        Assert.Equal(4, report.PartsUsed.Total);
        Assert.Equal(new Dictionary<string, int> { ["FAN"] = 1, ["PSU"] = 3 }, report.PartsUsed.BySku);
    }

    [Fact]
    public void Figures_of_regions_merged_give_the_same_report_as_all_cases_together()
    {
        var north = new[] { Facts("a", score: 5), Facts("b", response: MilestoneStatus.Breached, parts: new PartLine("d", "PSU", 1)) };
        var east = new[] { Facts("c", CaseKind.Complaint, score: 2), Facts("d", CaseKind.Inspection) };

        var merged = MonthlyReports.Merge(north.Aggregate(MonthlyFigures.Empty, MonthlyReports.Add), east.Aggregate(MonthlyFigures.Empty, MonthlyReports.Add));

        Assert.Equivalent(Report([.. north, .. east]), MonthlyReports.Build("2026-03", null, merged), strict: true);
    }

    [Theory]
    [InlineData("2026-03-31T23:59:59+00:00", "2026-03")]
    [InlineData("2026-04-01T07:30:00+08:00", "2026-03")]
    [InlineData("2026-04-01T00:00:00+00:00", "2026-04")]
    public void A_case_belongs_to_the_utc_month_it_was_opened_in(string openedAt, string month) =>
        Assert.Equal(month, MonthlyReports.MonthOf(DateTimeOffset.Parse(openedAt, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Facts_of_a_view_carry_the_time_from_opening_to_each_milestone_met()
    {
        var view = new CaseView
        {
            Id = "c", Version = 7, Kind = CaseKind.Service, Severity = Severity.P2, Channel = Channel.Hotline, State = CaseState.Closed,
            Region = "north", Tier = 3, CustomerId = "cust", Title = "t", Description = "d", OpenedAt = March, UpdatedAt = March,
            Sla = new SlaView(
                new MilestoneView(March.AddHours(1), MilestoneStatus.Met, March.AddMinutes(15)),
                new MilestoneView(March.AddHours(4), MilestoneStatus.Breached, March.AddHours(5)),
                new MilestoneView(March.AddHours(24), MilestoneStatus.Met, March.AddHours(6))),
            Survey = new SurveyView(4, null, March.AddDays(1)),
            Resolution = new ResolutionView("done", null, [new PartLine("d", "PSU", 1)], March.AddHours(6)),
            Timeline = ImmutableArray<TimelineEntry>.Empty,
        };

        var facts = MonthlyReports.Facts(view);

        Assert.Equal([TimeSpan.FromMinutes(15), TimeSpan.FromHours(5), TimeSpan.FromHours(6)], facts.Milestones.Select(m => m.TimeToMet!.Value));
        Assert.Equal([MilestoneStatus.Met, MilestoneStatus.Breached, MilestoneStatus.Met], facts.Milestones.Select(m => m.Status));
        Assert.Equal((7, 4), (facts.Version, facts.SurveyScore));
        Assert.Single(facts.PartsUsed);
    }
}
