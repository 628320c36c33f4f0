using ServiceGrid.Cases;
using ServiceGrid.Grains.Schedule;
using ServiceGrid.Schedule;
using ServiceGrid.Tests.Infrastructure;

namespace ServiceGrid.Tests.Schedule;

/// <summary>The schedule's pure rules: its options, the site-hours window, and which re-plan is better (issue 18).</summary>
public sealed class ScheduleRulesTests
{
    static readonly ScheduleOptions Defaults = new();

    [Fact]
    public void The_defaults_are_valid_and_a_bad_zone_or_site_hours_are_refused_at_start()
    {
        Assert.Empty(OptionsValidation.Validate(Defaults));
        Assert.Contains(OptionsValidation.Validate(new ScheduleOptions { TimeZone = "Mars/Olympus" }), r => r.MemberNames.Contains(nameof(ScheduleOptions.TimeZone)));
        Assert.Contains(OptionsValidation.Validate(new ScheduleOptions { SiteOpens = new TimeOnly(18, 0), SiteCloses = new TimeOnly(8, 0) }),
            r => r.MemberNames.Contains(nameof(ScheduleOptions.SiteCloses)));
        Assert.Contains(OptionsValidation.Validate(new ScheduleOptions { RelocationStepMinutes = 11 * 60 }),
            r => r.MemberNames.Contains(nameof(ScheduleOptions.RelocationStepMinutes)));
    }

    [Theory]
    // 06:00 in Shanghai: that day's 08:00–18:00.
    [InlineData("2026-12-02T22:00:00Z", 90, "2026-12-03T00:00:00Z", "2026-12-03T10:00:00Z")]
    // 13:00:30 in Shanghai: from the next minute to 18:00.
    [InlineData("2026-12-03T05:00:30Z", 90, "2026-12-03T05:01:00Z", "2026-12-03T10:00:00Z")]
    // 17:00 in Shanghai: a 4-hour step no longer fits, so the next day's site hours.
    [InlineData("2026-12-03T09:00:00Z", 240, "2026-12-04T00:00:00Z", "2026-12-04T10:00:00Z")]
    public void A_booking_in_site_hours_takes_the_first_day_with_room(string from, int minutes, string start, string end)
    {
        var window = ScheduleRules.SiteHoursWindow(DateTimeOffset.Parse(from), TimeSpan.FromMinutes(minutes), Defaults);

        Assert.Equal((DateTimeOffset.Parse(start), DateTimeOffset.Parse(end)), window);
    }

    [Fact]
    public void An_inspection_and_an_approved_relocation_are_owed_one_visit_until_the_case_has_had_it()
    {
        static bool None(string _) => false;
        var inspection = Dispatch.RankingData.Case("c-insp") with { Kind = CaseKind.Inspection };
        var planned = new RelocationPlanView
        {
            SiteSurvey = "s", Equipment = "e", Route = "r", Date = DateTimeOffset.Parse("2026-12-10T20:00:00Z"),
            FiledAt = Dispatch.RankingData.Now, FiledBy = "branch-beijing",
        };
        var relocation = Dispatch.RankingData.Case("c-move") with { Kind = CaseKind.Relocation, RelocationPlan = planned };
        var approved = relocation with { RelocationPlan = planned with { ApprovedAt = Dispatch.RankingData.Now, ApprovedBy = "cust" } };

        Assert.Equal(("v-c-insp", inspection.OpenedAt, 90), ScheduleRules.OwedVisit(inspection, "north", Defaults, None));
        // 20:00Z on the 10th is the 11th in Shanghai: the visit may take any site hour of that day.
        Assert.Equal(("v-c-move-20261210", DateTimeOffset.Parse("2026-12-10T16:00:00Z"), 240), ScheduleRules.OwedVisit(approved, "north", Defaults, None));
        Assert.Null(ScheduleRules.OwedVisit(relocation, "north", Defaults, None));
        Assert.Null(ScheduleRules.OwedVisit(inspection with { VisitIds = ["v-c-insp"] }, "north", Defaults, None));
        Assert.Null(ScheduleRules.OwedVisit(inspection, "north", Defaults, id => id == "v-c-insp"));
        Assert.Null(ScheduleRules.OwedVisit(inspection with { State = CaseState.Resolved }, "north", Defaults, None));
        Assert.Null(ScheduleRules.OwedVisit(inspection, "south", Defaults, None));
        Assert.Null(ScheduleRules.OwedVisit(Dispatch.RankingData.Case("c-fix"), "north", Defaults, None));
    }

    [Fact]
    public void Better_is_fewer_breaches_then_fewer_unplanned_then_less_travel()
    {
        var before = new ScheduleFigures(100, 1, 2, 3);

        Assert.True(ScheduleGrain.IsBetter(before with { SlaBreachesForecast = 1, TravelKm = 500 }, before));
        Assert.True(ScheduleGrain.IsBetter(before with { Unplanned = 2, TravelKm = 500 }, before));
        Assert.True(ScheduleGrain.IsBetter(before with { TravelKm = 99 }, before));
        Assert.False(ScheduleGrain.IsBetter(before, before));
        Assert.False(ScheduleGrain.IsBetter(before with { SlaBreachesForecast = 3, Unplanned = 0, TravelKm = 0 }, before));
    }
}
