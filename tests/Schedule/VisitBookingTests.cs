using ServiceGrid.Cases;
using ServiceGrid.Organization;
using ServiceGrid.Schedule;
using ServiceGrid.Grains.Service;
using ServiceGrid.Service;
using ServiceGrid.Tests.Infrastructure;
using static ServiceGrid.Tests.Infrastructure.TestOrganization;

namespace ServiceGrid.Tests.Schedule;

/// <summary>
/// Issue 18: the visits the grid books by itself, inside the unit's site hours (08:00–18:00 in Shanghai by default): one per
/// quarterly inspection, one per approved relocation plan; on the fake clock.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class VisitBookingTests(ClusterFixture fixture)
{
    static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    readonly IGrainFactory _grains = fixture.Grains;

    DateTimeOffset Now => fixture.Clock.GetUtcNow();

    static void InsideSiteHours(VisitView visit)
    {
        var (start, end) = (TimeZoneInfo.ConvertTime(visit.WindowStart, Shanghai), TimeZoneInfo.ConvertTime(visit.WindowEnd, Shanghai));
        Assert.Equal(start.Date, end.Date);
        Assert.True(start.TimeOfDay >= TimeSpan.FromHours(8) && end.TimeOfDay <= TimeSpan.FromHours(18), $"{start:HH:mm}–{end:HH:mm} is outside the site hours");
        Assert.True(end - start >= TimeSpan.FromMinutes(visit.DurationMinutes));
    }

    [Fact]
    public async Task A_due_inspection_books_one_visit_for_the_units_model_inside_the_site_hours()
    {
        var customerId = $"cust-{Guid.NewGuid():N}";
        var serial = $"SN-{Guid.NewGuid():N}"[..20];
        await _grains.GetGrain<ICustomerGrain>(customerId).Register(new CustomerView(customerId, "Harbin Gears",
            [new CustomerSite("Plant", new GeoPoint(39.95, 116.30), North)], [new EquipmentUnit(serial, "GX-200", Now.AddDays(-10), 0)]));
        var unit = _grains.GetGrain<IEquipmentGrain>(serial);
        var due = (await unit.Get())!.NextInspectionAt!.Value;

        await fixture.AdvanceAsync(due - Now + TimeSpan.FromMinutes(5));
        await unit.CheckInspections();
        await unit.CheckInspections();

        var caseId = InspectionSchedule.CaseId(serial, due);
        // The region's schedule books it when the case's opening reaches it on the region's stream.
        var visit = Assert.Single(await Eventually.Until(() => _grains.GetGrain<IScheduleGrain>(North).GetVisits(caseId), v => v.Length > 0));
        Assert.Equal((VisitState.Unplanned, "GX-200", 90, CaseKind.Inspection), (visit.State, visit.RequiredSkill, visit.DurationMinutes, visit.Kind));
        Assert.True(visit.WindowStart >= Now.AddMinutes(-1), "the window lies ahead");
        InsideSiteHours(visit);
        var opened = await Eventually.Until(() => _grains.GetGrain<ICaseGrain>(caseId).Get(), c => c!.VisitIds.Length > 0);
        Assert.Equal(visit.Id, Assert.Single(opened!.VisitIds));
    }

    [Fact]
    public async Task Approving_a_relocation_plan_books_its_visit_on_the_plan_date_inside_the_site_hours_once()
    {
        var opened = await _grains.OpenCaseAsync(Severity.P5, North, CaseKind.Relocation);
        var grain = _grains.GetGrain<ICaseGrain>(opened.Id);
        var date = Now.AddDays(10);
        await grain.PlanRelocation(new RelocationPlan("survey", "GX-200 in two crates", "ring road, night move", date), "hq");

        await grain.ApproveRelocation("csc");

        var visit = Assert.Single(await Eventually.Until(() => _grains.GetGrain<IScheduleGrain>(North).GetVisits(opened.Id), v => v.Length > 0));
        Assert.Equal((VisitState.Unplanned, 240, CaseKind.Relocation), (visit.State, visit.DurationMinutes, visit.Kind));
        InsideSiteHours(visit);
        Assert.Equal(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(date, Shanghai).Date), DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(visit.WindowStart, Shanghai).Date));
        var timeline = (await Eventually.Until(grain.Get, c => c!.VisitIds.Contains(visit.Id)))!.Timeline;
        Assert.Contains(timeline, e => e.Type == TimelineTypes.VisitBooked && e.VisitId == visit.Id);
        Assert.Equal(TimelineTypes.RelocationApproved, timeline.Single(e => e.Type is TimelineTypes.RelocationApproved).Type);
    }
}
