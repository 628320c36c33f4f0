using ServiceGrid.Care;
using ServiceGrid.Cases;
using ServiceGrid.Grains.Care;

namespace ServiceGrid.Tests.Care;

public sealed class FollowUpPolicyTests
{
    static ClosedCase Closed(string id, string region, int? score = null, string customer = "c1", string? model = null) => new()
    {
        CaseId = id,
        Version = 3,
        CustomerId = customer,
        Region = region,
        Kind = CaseKind.Service,
        Severity = Severity.P3,
        Title = "t",
        Model = model,
        ClosedAt = new DateTimeOffset(2026, 8, 1, 0, 0, 0, TimeSpan.Zero),
        Survey = score is { } s ? new SurveyView(s, null, DateTimeOffset.UnixEpoch) : null,
    };

    [Fact]
    public void The_visit_sample_takes_the_share_per_region_at_least_one_and_draws_the_same_cases_whatever_the_order()
    {
        var cases = Enumerable.Range(1, 40).Select(n => Closed($"case-{n}", "north"))
            .Append(Closed("case-east", "east")).ToList();

        var drawn = FollowUpVisitSample.Draw("2026-Q3", cases, 0.1);
        var again = FollowUpVisitSample.Draw("2026-Q3", Enumerable.Reverse(cases), 0.1);
        var otherQuarter = FollowUpVisitSample.Draw("2026-Q4", cases, 0.1);

        Assert.Equal(4, drawn.Count(c => c.Region == "north"));
        Assert.Equal(["case-east"], drawn.Where(c => c.Region == "east").Select(c => c.CaseId));
        Assert.Equal(drawn.Select(c => c.CaseId), again.Select(c => c.CaseId));
        Assert.NotEqual(drawn.Select(c => c.CaseId).Order(), otherQuarter.Select(c => c.CaseId).Order());
    }

    [Fact]
    public void A_case_already_visited_stays_listed_when_the_draw_no_longer_picks_it()
    {
        var cases = Enumerable.Range(1, 10).Select(n => Closed($"case-{n}", "north")).ToList();
        var first = FollowUpVisitSample.Draw("2026-Q3", cases, 0).Single();
        var visited = cases.Where(c => c.CaseId != first.CaseId).Select(c => c with { Visit = new FollowUpOutcome("ok", "csc", DateTimeOffset.UnixEpoch) }).First();

        var drawn = FollowUpVisitSample.Draw("2026-Q3", cases.Select(c => c.CaseId == visited.CaseId ? visited : c), 0);

        Assert.Equal(new[] { first.CaseId, visited.CaseId }.Order(), drawn.Select(c => c.CaseId).Order());
    }

    [Theory]
    [InlineData("2026-Q1", "2026-01,2026-02,2026-03")]
    [InlineData("2026-Q4", "2026-10,2026-11,2026-12")]
    public void A_quarter_spans_its_three_months(string quarter, string months) =>
        Assert.Equal(months.Split(','), FollowUpVisitSample.MonthsOf(quarter)!);

    [Theory]
    [InlineData("2026-Q0")]
    [InlineData("2026-Q5")]
    [InlineData("2026Q1")]
    [InlineData("1999-Q1")]
    [InlineData("２０２６-Q1")]
    public void A_misspelled_quarter_has_no_months(string quarter) => Assert.Null(FollowUpVisitSample.MonthsOf(quarter));

    [Fact]
    public void The_satisfaction_report_grades_5_to_1_as_A_to_E_and_rates_A_B_C_per_group_and_company()
    {
        ClosedCase[] cases =
        [
            Closed("1", "north", 5, model: "GX-800"), Closed("2", "north", 3, model: "GX-800"), Closed("3", "north", 1, model: "SV-720"),
            Closed("4", "east", 2), Closed("5", "east"),
        ];

        var byModel = SatisfactionReports.Build("2026-08", "2026-08", SatisfactionGrouping.Model, cases);
        var byRegion = SatisfactionReports.Build("2026-08", "2026-08", SatisfactionGrouping.Region, cases);

        Assert.Equal(["(no unit)", "GX-800", "SV-720"], byModel.Groups.Select(g => g.Key));
        Assert.Equal(100.0, byModel.Groups[1].Rate);
        Assert.Equal(new Dictionary<string, int> { ["A"] = 1, ["B"] = 0, ["C"] = 1, ["D"] = 0, ["E"] = 0 }, byModel.Groups[1].Distribution);
        Assert.Equal(0.0, byRegion.Groups.Single(g => g.Key == "east").Rate);
        Assert.Equal(4, byRegion.Company.Surveys);
        Assert.Equal(50.0, byRegion.Company.Rate);
        Assert.Equal("company", byRegion.Company.Key);
    }
}
