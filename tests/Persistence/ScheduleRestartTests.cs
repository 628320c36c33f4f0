using ServiceGrid.Cases;
using ServiceGrid.Organization;
using ServiceGrid.Schedule;
using ServiceGrid.Tests.Infrastructure;

namespace ServiceGrid.Tests.Persistence;

/// <summary>Issue 18 in durable mode: a region's visits and their plan, stored in PostgreSQL, survive a silo restart.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ScheduleRestartTests(PostgresServer server)
{
    [Fact]
    public async Task Visits_and_their_plan_version_are_read_back_after_a_silo_restart()
    {
        var database = await server.CreateDatabaseAsync("silo_schedule");
        var beijing = new GeoPoint(39.90, 116.40);
        var start = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(2)).AddHours(1);
        VisitView planned;
        long version;
        await using (var first = await DurableSilo.StartAsync(database, "schedule"))
        {
            var grains = first.Grains;
            await grains.GetGrain<IOrganizationGrain>(IOrganizationGrain.Key).Define(
                [new RegionProfile("north", "North", [new BranchProfile("beijing", "beijing", "north", beijing, "depot-beijing")])], onlyIfEmpty: true);
            await grains.GetGrain<ICustomerGrain>("cust-pg-1").Register(new CustomerView(
                "cust-pg-1", "Beijing Precision Works", [new CustomerSite("Plant 1", beijing, "north")], []));
            await grains.GetGrain<IEngineerGrain>("eng-beijing-1").Register(new EngineerProfile("Engineer 1", "beijing", "north", beijing));
            var opened = await grains.GetGrain<ICaseGrain>("case-pg-visit").Open(new OpenCase
            {
                CustomerId = "cust-pg-1", Kind = CaseKind.Service, Severity = Severity.P3, Channel = Channel.Hotline, Title = "t",
                Description = "d", Region = "north", Site = beijing, Actor = "csc",
            });
            var schedule = grains.GetGrain<IScheduleGrain>("north");
            var booked = await schedule.Book(new BookVisit("v-pg-1", opened.Id, start, start.AddHours(8), 60, null, "csc"));
            planned = await schedule.PlanByHand(opened.Id, booked.Id, "eng-beijing-1", start.AddHours(1), "hq");
            version = await schedule.GetVersion();
        }

        await using var second = await DurableSilo.StartAsync(database, "schedule");
        var again = second.Grains.GetGrain<IScheduleGrain>("north");
        var visit = Assert.Single(await again.GetVisits("case-pg-visit"));

        Assert.Equal((VisitState.Planned, "eng-beijing-1", planned.PlannedStart, true, planned.Version),
            (visit.State, visit.EngineerId, visit.PlannedStart, visit.Pinned, visit.Version));
        Assert.Equal(version, await again.GetVersion());
        Assert.Contains("v-pg-1", (await second.Grains.GetGrain<ICaseGrain>("case-pg-visit").Get())!.VisitIds);
    }
}
