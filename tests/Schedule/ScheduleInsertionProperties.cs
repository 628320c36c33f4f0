using System.Collections.Immutable;
using ServiceGrid.Cases;
using ServiceGrid.Organization;
using ServiceGrid.Schedule;
using ServiceGrid.Tests.Infrastructure;
using ServiceGrid.Tests.Web;

namespace ServiceGrid.Tests.Schedule;

/// <summary>
/// Issue 18, "an emergency P1 inserted into a planned day … moving at most 3 engineers' routes", on random days from fixed
/// seeds: a planned region (<c>east</c>, six engineers on 08:00–18:00, a host of its own), then a P1 visit fitted in
/// (<see cref="IScheduleGrain.ProposeInsertion"/>): the proposal changes at most three engineers' routes, places the P1
/// (a qualified engineer on shift always exists here), and once applied nobody is double-booked and every other visit
/// stands where it was.
/// </summary>
public sealed class ScheduleInsertionProperties(WebFixture web) : IClassFixture<WebFixture>
{
    const string Region = "east";
    const int Neighbourhood = 3;
    static readonly string[] Engineers = ["eng-shanghai-1", "eng-shanghai-2", "eng-shanghai-3", "eng-shanghai-4", "eng-hangzhou-1", "eng-hangzhou-2"];
    static readonly GeoPoint Shanghai = new(31.23, 121.47);
    static readonly string[] Models = ScheduleTestRegion.Models;

    /// <summary>Every case the seeds opened: the region keeps earlier seeds' visits (xUnit makes an instance per seed).</summary>
    static readonly List<string> Cases = [];

    IScheduleGrain Schedule => web.Grains.GetGrain<IScheduleGrain>(Region);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task A_P1_fitted_in_changes_at_most_three_engineers_routes_and_is_placed(int seed)
    {
        var random = new Random(seed);
        await ProfileEngineersAsync();
        for (var i = 0; i < 8; i++) await BookAsync(random, $"i{seed}-{i}", (Severity)random.Next(3, 6), random.Next(0, 8), random.Next(1, 4));
        var planned = await Schedule.Propose(2, TimeSpan.FromMilliseconds(500));
        await Schedule.Apply(planned.Id, "hq");
        var before = (await Visits()).ToDictionary(v => v.Id);
        // 09:00–13:00 in Shanghai tomorrow: every engineer is on shift then.
        var p1 = await BookAsync(random, $"i{seed}-p1", Severity.P1, 1, 4);

        var proposal = await Schedule.ProposeInsertion(p1.Id, 2, TimeSpan.FromMilliseconds(500));

        var routes = proposal.Moves.SelectMany(m => new[] { m.From?.EngineerId, m.To?.EngineerId }).OfType<string>().Distinct().ToList();
        Assert.True(routes.Count <= Neighbourhood, $"seed {seed}: {routes.Count} routes changed ({string.Join(", ", routes)})");
        Assert.Contains(proposal.Moves, m => m.VisitId == p1.Id && m.To is not null);
        await Schedule.Apply(proposal.Id, "hq");
        var after = await Visits();
        var placed = after.Single(v => v.Id == p1.Id);
        Assert.True(placed.State == VisitState.Planned && placed.PlannedStart >= placed.WindowStart && placed.PlannedStart <= placed.WindowEnd, $"seed {seed}: the P1 is not planned in its window");
        foreach (var visit in after.Where(v => v.Id != p1.Id && !routes.Contains(before[v.Id].EngineerId ?? "")))
            Assert.True((visit.EngineerId, visit.PlannedStart) == (before[visit.Id].EngineerId, before[visit.Id].PlannedStart), $"seed {seed}: {visit.Id} moved outside the neighbourhood");
        ScheduleTestRegion.AssertNobodyDoubleBooked(after.Where(v => v.State == VisitState.Planned), $"seed {seed}");
    }

    [Fact]
    public async Task Fitting_in_an_unknown_visit_is_not_found_and_a_cancelled_one_a_conflict()
    {
        await ProfileEngineersAsync();
        var visit = await BookAsync(new Random(9), "cancelled", Severity.P1, 1, 4);
        await Schedule.Cancel(visit.CaseId, visit.Id, "customer called off", "hq");

        Assert.Equal(FailureKind.NotFound, (await Assert.ThrowsAsync<DomainException>(() => Schedule.ProposeInsertion("v-nowhere", 2, null))).Kind);
        Assert.Equal(FailureKind.Conflict, (await Assert.ThrowsAsync<DomainException>(() => Schedule.ProposeInsertion(visit.Id, 2, null))).Kind);
    }

    Task<ImmutableArray<VisitView>> Visits() => ScheduleTestRegion.VisitsAsync(Schedule, Cases);

    /// <summary>Skills by engineer: both models, one, the other, both; every model has engineers on every shift.</summary>
    async Task ProfileEngineersAsync()
    {
        ImmutableArray<string>[] skills = [[.. Models], [Models[0]], [Models[1]], [.. Models]];
        // The fixture registers two engineers a branch: two more in Shanghai make the neighbourhood smaller than the region.
        foreach (var extra in Engineers.Where(id => id is "eng-shanghai-3" or "eng-shanghai-4"))
            await web.Grains.GetGrain<IEngineerGrain>(extra).Register(new EngineerProfile($"Engineer {extra}", "shanghai", Region, Shanghai));
        await ScheduleTestRegion.ProfileAsync(web.Grains, Schedule, Engineers, i => skills[i % skills.Length]);
    }

    /// <summary>A case and its visit tomorrow, starting <paramref name="fromUtcHour"/> h after midnight UTC (08:00 in Shanghai) for <paramref name="hours"/>.</summary>
    async Task<VisitView> BookAsync(Random random, string key, Severity severity, int fromUtcHour, int hours)
    {
        var view = await ScheduleTestRegion.OpenCaseAsync(web.Grains, random, key, severity, Region);
        Cases.Add(view.Id);
        var start = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(1)).AddHours(fromUtcHour);
        return await Schedule.Book(new BookVisit($"v-{key}", view.Id, start, start.AddHours(hours), random.Next(1, 4) * 30,
            random.Next(3) == 0 ? null : Models[random.Next(Models.Length)], "csc"));
    }
}
