using ServiceGrid.Cases;
using ServiceGrid.Schedule;
using ServiceGrid.Tests.Infrastructure;
using static ServiceGrid.Tests.Infrastructure.TestOrganization;

namespace ServiceGrid.Tests.Schedule;

/// <summary>
/// Issue 18: a case reassigned to a branch of another region takes its open visits along, through the region streams alone
/// (no call between the schedules but the new region's read of what the old one hands over). The tests wait on the visits
/// showing up and leaving, never on time.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CaseMoveTests(ClusterFixture fixture)
{
    readonly IGrainFactory _grains = fixture.Grains;

    DateTimeOffset Tomorrow => fixture.Clock.GetUtcNow().AddDays(1);

    Task<VisitView> BookAsync(IScheduleGrain schedule, string caseId, int minutes, string? skill) =>
        schedule.Book(new BookVisit($"v-{Guid.NewGuid():N}", caseId, Tomorrow, Tomorrow.AddHours(6), minutes, skill, "csc"));

    IScheduleGrain North => _grains.GetGrain<IScheduleGrain>(TestOrganization.North);
    IScheduleGrain East => _grains.GetGrain<IScheduleGrain>(TestOrganization.East);

    /// <summary>A new case of region north and a new engineer of Beijing to plan its visits on.</summary>
    async Task<(CaseView Case, string EngineerId)> CaseWithEngineerAsync() =>
        (await _grains.OpenCaseAsync(Severity.P3, TestOrganization.North), await _grains.NewEngineerAsync(Beijing));

    [Fact]
    public async Task A_case_moved_to_another_region_has_its_open_visits_unplanned_there_with_their_ids_windows_and_skills_and_gone_here()
    {
        var (opened, engineer) = await CaseWithEngineerAsync();
        var unplanned = await BookAsync(North, opened.Id, 60, "CNC-5000");
        var planned = await North.PlanByHand(opened.Id, (await BookAsync(North, opened.Id, 90, null)).Id, engineer, Tomorrow.AddHours(1), "hq");
        var (northBefore, eastBefore) = (await North.GetVersion(), await East.GetVersion());

        await _grains.GetGrain<ICaseGrain>(opened.Id).Reassign(new ReassignCase(Shanghai, null, "hq"));

        var arrived = await Eventually.Until(() => East.GetVisits(opened.Id), v => v.Length == 2);
        foreach (var before in new[] { unplanned, planned })
        {
            var after = arrived.Single(v => v.Id == before.Id);
            Assert.Equal((TestOrganization.East, VisitState.Unplanned, (string?)null, false), (after.Region, after.State, after.EngineerId, after.Pinned));
            Assert.Equal((before.WindowStart, before.WindowEnd, before.DurationMinutes, before.RequiredSkill),
                (after.WindowStart, after.WindowEnd, after.DurationMinutes, after.RequiredSkill));
            Assert.Equal(Shanghai, after.BranchId);
        }
        await Eventually.Until(() => North.GetVisits(opened.Id), v => v.IsEmpty);
        Assert.True(await North.GetVersion() > northBefore && await East.GetVersion() > eastBefore, "both schedules changed (scheduleChanged in both regions)");
        var moved = await Eventually.Until(() => _grains.GetGrain<ICaseGrain>(opened.Id).Get(), c => c!.Timeline.Count(e => e.Type == TimelineTypes.VisitMoved) == 2);
        Assert.Equal(new[] { unplanned.Id, planned.Id }.Order(StringComparer.Ordinal),
            moved!.Timeline.Where(e => e.Type == TimelineTypes.VisitMoved).Select(e => e.VisitId!).Order(StringComparer.Ordinal));
        Assert.All(moved.Timeline.Where(e => e.Type == TimelineTypes.VisitMoved), e => Assert.Contains("'north'", e.Note));

        // The new region plans the moved visit; the old one handing it over again, or the new one reading it again, changes nothing.
        var version = await East.GetVersion();
        Assert.Equal(2, (await North.GetHandOver(opened.Id)).Length);
        Assert.Equal(version, await East.GetVersion());
        Assert.Equal(2, (await East.GetVisits(opened.Id)).Length);
    }

    [Fact]
    public async Task A_visit_the_engineer_is_on_the_way_to_ends_in_the_old_region_when_its_case_moves()
    {
        var (opened, engineer) = await CaseWithEngineerAsync();
        var booked = await BookAsync(North, opened.Id, 60, null);
        await North.PlanByHand(opened.Id, booked.Id, engineer, Tomorrow, "hq");
        Assert.Equal(VisitState.Travelling, (await North.StartTravel(opened.Id, booked.Id, engineer)).State);

        await _grains.GetGrain<ICaseGrain>(opened.Id).Reassign(new ReassignCase(Shanghai, null, "hq"));

        var ended = await Eventually.Until(() => North.GetVisits(opened.Id), v => v.Single().State != VisitState.Travelling);
        Assert.Equal(VisitState.Cancelled, ended.Single().State);
        var view = await Eventually.Until(() => _grains.GetGrain<ICaseGrain>(opened.Id).Get(),
            c => c!.Timeline.Any(e => e.Type == TimelineTypes.VisitCancelled && e.VisitId == booked.Id));
        Assert.Contains("'east'", view!.Timeline.Last(e => e.Type == TimelineTypes.VisitCancelled).Note);
        Assert.Empty(await North.GetHandOver(opened.Id));
        Assert.Empty(await East.GetVisits(opened.Id));
    }
}
