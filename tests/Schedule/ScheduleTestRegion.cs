using System.Collections.Immutable;
using ServiceGrid.Cases;
using ServiceGrid.Organization;
using ServiceGrid.Schedule;
using ServiceGrid.Tests.Infrastructure;
using ServiceGrid.Tests.Web;

namespace ServiceGrid.Tests.Schedule;

/// <summary>What the schedule's property tests share: engineers on 08:00–18:00 every day with skills, the visits of the
/// cases a test opened, and the rule that nobody is double-booked.</summary>
static class ScheduleTestRegion
{
    public static readonly string[] Models = ["CNC-5000", "LASER-9"];

    static readonly ShiftCalendar Calendar = new("Asia/Shanghai",
        [.. Enum.GetValues<DayOfWeek>().Select(day => new ShiftPeriod(day, new TimeOnly(8, 0), new TimeOnly(18, 0)))], OnCall: false);

    /// <summary>Gives each engineer its skills and the 08:00–18:00 calendar, then waits until the schedule, which learns
    /// profiles from the region's stream, shows them all on that shift.</summary>
    public static async Task ProfileAsync(IGrainFactory grains, IScheduleGrain schedule, string[] engineers, Func<int, ImmutableArray<string>> skills)
    {
        for (var i = 0; i < engineers.Length; i++)
            await grains.GetGrain<IEngineerGrain>(engineers[i]).SetResource(new ResourceProfile(skills(i), Calendar, 20));
        await Eventually.Until(() => schedule.GetSchedule(DateOnly.FromDateTime(DateTime.UtcNow)),
            plan => engineers.All(id => plan.Engineers.Any(d => d.EngineerId == id && d.ShiftStart is not null && d.ShiftEnd - d.ShiftStart == TimeSpan.FromHours(10))));
    }

    public static async Task<ImmutableArray<VisitView>> VisitsAsync(IScheduleGrain schedule, IEnumerable<string> cases)
    {
        var lists = await Task.WhenAll(cases.ToArray().Select(schedule.GetVisits));
        return [.. lists.SelectMany(l => l)];
    }

    public static void AssertNobodyDoubleBooked(IEnumerable<VisitView> planned, string because)
    {
        foreach (var route in planned.GroupBy(v => v.EngineerId))
        {
            var ordered = route.OrderBy(v => v.PlannedStart).ToList();
            foreach (var (first, second) in ordered.Zip(ordered.Skip(1)))
                Assert.True(second.PlannedStart >= first.PlannedEnd, $"{because}: {route.Key} is double-booked: {first.Id} and {second.Id}");
        }
    }

    /// <summary>Opens case <c>case-{key}</c> of <paramref name="region"/> at a random site within about 20 km of Shanghai's middle.</summary>
    public static async Task<CaseView> OpenCaseAsync(IGrainFactory grains, Random random, string key, Severity severity, string region) =>
        await grains.GetGrain<ICaseGrain>($"case-{key}").Open(new OpenCase
        {
            CustomerId = WebFixture.Customer, Kind = CaseKind.Service, Severity = severity, Channel = Channel.Hotline,
            Title = "t", Description = "d", Region = region, Actor = "csc",
            Site = new GeoPoint(31.2 + random.NextDouble() * 0.4 - 0.2, 121.5 + random.NextDouble() * 0.4 - 0.2),
        });
}
