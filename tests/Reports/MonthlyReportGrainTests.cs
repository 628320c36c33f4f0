using ServiceGrid.Cases;
using ServiceGrid.Grains.Reports;
using ServiceGrid.Reports;
using ServiceGrid.Tests.Infrastructure;
using static ServiceGrid.Tests.Infrastructure.TestOrganization;

namespace ServiceGrid.Tests.Reports;

[Collection(ClusterCollection.Name)]
public sealed class MonthlyReportGrainTests(ClusterFixture fixture)
{
    readonly IGrainFactory _grains = fixture.Grains;

    IMonthlyReportGrain Month(string region, DateTimeOffset openedAt) =>
        _grains.GetGrain<IMonthlyReportGrain>(MonthlyReports.GrainKey(region, MonthlyReports.MonthOf(openedAt)));

    static CaseFacts Facts(string region, int version, string id = "case-1") => new()
    {
        Id = id, Version = version, Region = region, Kind = CaseKind.Service, Severity = Severity.P3,
        OpenedAt = new DateTimeOffset(2026, 3, 5, 0, 0, 0, TimeSpan.Zero), Milestones = [],
        SurveyScore = version,
    };

    [Fact]
    public async Task A_case_counts_once_with_its_latest_version_whatever_order_and_how_often_it_arrives()
    {
        var region = $"r{Guid.NewGuid():N}";
        var grain = _grains.GetGrain<IMonthlyReportGrain>(MonthlyReports.GrainKey(region, "2026-03"));

        await grain.Apply([Facts(region, 2)]);
        await grain.Apply([Facts(region, 4)]);
        await grain.Apply([Facts(region, 3)]);
        await grain.Apply([Facts(region, 4)]);

        var figures = await grain.GetFigures();
        Assert.Equal(1, figures.Cases);
        Assert.Equal(4, Assert.Single(figures.Scores).Key);
    }

    [Fact]
    public async Task A_batch_is_applied_in_order_with_each_case_decided_by_its_version()
    {
        var region = $"r{Guid.NewGuid():N}";
        var grain = _grains.GetGrain<IMonthlyReportGrain>(MonthlyReports.GrainKey(region, "2026-03"));

        await grain.Apply([Facts(region, 3), Facts(region, 1, "case-2"), Facts(region, 2), Facts("elsewhere", 2, "case-2")]);

        var figures = await grain.GetFigures();
        Assert.Equal(1, figures.Cases);
        Assert.Equal(3, Assert.Single(figures.Scores).Key);
        Assert.Null(await grain.Find("case-2"));
    }

    [Fact]
    public async Task A_case_that_moved_to_another_region_leaves_and_an_older_replay_cannot_bring_it_back()
    {
        var region = $"r{Guid.NewGuid():N}";
        var grain = _grains.GetGrain<IMonthlyReportGrain>(MonthlyReports.GrainKey(region, "2026-03"));
        await grain.Apply([Facts(region, 2)]);

        await grain.Apply([Facts("elsewhere", 3)]);
        await grain.Apply([Facts(region, 2)]);

        Assert.Equal(0, (await grain.GetFigures()).Cases);
        await grain.Apply([Facts(region, 5)]);
        Assert.Equal(1, (await grain.GetFigures()).Cases);
    }

    [Fact]
    public async Task The_report_grain_of_the_month_a_case_was_opened_follows_it_to_its_survey()
    {
        var (grain, engineerId) = await _grains.DispatchedCaseAsync(Severity.P4, Guangzhou);
        await grain.Respond("r", engineerId);
        await grain.Resolve(new ResolveCase { Summary = "Configured remotely", Actor = engineerId });
        await grain.Close("csc");
        var surveyed = await grain.Survey(5, null, "csc");

        var month = Month(South, surveyed.OpenedAt);
        var facts = await Eventually.Until(() => month.Find(surveyed.Id), f => f?.Version == surveyed.Version);

        Assert.NotNull(facts);
        Assert.Equal((surveyed.Version, 5, Severity.P4), (facts.Version, facts.SurveyScore, facts.Severity));
        Assert.Equal(MilestoneStatus.Met, facts.Milestones.Single(m => m.Milestone == Milestone.Response).Status);
    }

    [Fact]
    public async Task A_case_reassigned_to_another_region_is_counted_in_that_region_only()
    {
        var (grain, _) = await _grains.DispatchedCaseAsync(Severity.P3, Beijing);
        var opened = (await grain.Get())!;
        await Eventually.Until(() => Month(North, opened.OpenedAt).Find(opened.Id), f => f is not null);

        var moved = await grain.Reassign(new ReassignCase(Shanghai, null, "hq"));

        await Eventually.Until(() => Month(East, opened.OpenedAt).Find(opened.Id), f => f?.Version == moved.Version);
        Assert.Null(await Eventually.Until(() => Month(North, opened.OpenedAt).Find(opened.Id), f => f is null));
        Assert.Equal(East, (await Month(East, opened.OpenedAt).Find(opened.Id))!.Region);
    }
}
