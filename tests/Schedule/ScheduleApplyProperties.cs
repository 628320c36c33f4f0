using System.Collections.Immutable;
using ServiceGrid.Cases;
using ServiceGrid.Organization;
using ServiceGrid.Schedule;
using ServiceGrid.Tests.Infrastructure;
using ServiceGrid.Tests.Web;

namespace ServiceGrid.Tests.Schedule;

/// <summary>
/// Issue 18's rules over the schedule grain's propose/apply path, on random visits from fixed seeds (so a failure replays):
/// after an apply no engineer is double-booked, every planned visit starts inside its window and lies inside its engineer's
/// shift, skills are respected, pinned and started visits never move; and a hand edit between propose and apply makes the
/// apply refuse (409) and the edit stand. All through one region (<c>east</c>) of a host of their own.
/// </summary>
public sealed class ScheduleApplyProperties(WebFixture web) : IClassFixture<WebFixture>
{
    const string Region = "east";
    static readonly string[] Engineers = ["eng-shanghai-1", "eng-shanghai-2", "eng-hangzhou-1", "eng-hangzhou-2"];
    static readonly string[] Models = ScheduleTestRegion.Models;
    static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    IScheduleGrain Schedule => web.Grains.GetGrain<IScheduleGrain>(Region);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public async Task An_applied_replan_keeps_windows_shifts_skills_pins_and_started_visits_and_books_nobody_twice(int seed)
    {
        var random = new Random(seed);
        await ProfileEngineersAsync();
        var booked = new List<VisitView>();
        for (var i = 0; i < 10; i++) booked.Add(await BookRandomAsync(random, $"p{seed}-{i}"));
        var fixedBefore = await FixSomeAsync(random, booked);

        var proposal = await Schedule.Propose(2, TimeSpan.FromMilliseconds(300));
        if (seed % 2 == 0 && proposal.Moves.FirstOrDefault(m => m.To is not null) is { } move)
        {
            // A person acts between propose and apply: the apply must refuse and leave the person's edit.
            var target = (await Visits()).Single(v => v.Id == move.VisitId);
            var edited = await Schedule.Cancel(target.CaseId, target.Id, "customer called off", "branch-shanghai");
            var conflict = await Assert.ThrowsAsync<DomainException>(() => Schedule.Apply(proposal.Id, "hq"));
            Assert.Equal(FailureKind.Conflict, conflict.Kind);
            var stands = (await Visits()).Single(v => v.Id == move.VisitId);
            Assert.Equal((VisitState.Cancelled, edited.Version), (stands.State, stands.Version));
            proposal = await Schedule.Propose(2, TimeSpan.FromMilliseconds(300));
        }
        await Schedule.Apply(proposal.Id, "hq");

        var after = await Visits();
        var engineers = (await Task.WhenAll(Engineers.Select(id => web.Grains.GetGrain<IEngineerGrain>(id).Get()))).ToDictionary(e => e!.Id, e => e!);
        foreach (var (id, slot) in fixedBefore)
        {
            var kept = after.Single(v => v.Id == id);
            Assert.True((kept.EngineerId, kept.PlannedStart) == slot, $"seed {seed}: fixed visit {id} moved from {slot} to {kept.EngineerId} {kept.PlannedStart}");
        }
        var planned = after.Where(v => v.State is VisitState.Planned or VisitState.Travelling or VisitState.OnSite).ToList();
        foreach (var visit in planned.Where(v => v.State == VisitState.Planned))
        {
            Assert.True(visit.PlannedStart >= visit.WindowStart && visit.PlannedStart <= visit.WindowEnd, $"seed {seed}: {visit.Id} starts outside its window");
            var local = TimeZoneInfo.ConvertTime(visit.PlannedStart!.Value, Shanghai);
            var localEnd = TimeZoneInfo.ConvertTime(visit.PlannedEnd!.Value, Shanghai);
            Assert.True(local.TimeOfDay >= TimeSpan.FromHours(8) && localEnd.TimeOfDay <= TimeSpan.FromHours(18) && localEnd.Date == local.Date,
                $"seed {seed}: {visit.Id} at {local:HH:mm}–{localEnd:HH:mm} is outside the 08:00–18:00 shift");
            Assert.True(visit.RequiredSkill is null || engineers[visit.EngineerId!].Resource.Skills.Contains(visit.RequiredSkill),
                $"seed {seed}: {visit.Id} needs {visit.RequiredSkill}, {visit.EngineerId} lacks it");
        }
        ScheduleTestRegion.AssertNobodyDoubleBooked(planned, $"seed {seed}");
    }

    Task<ImmutableArray<VisitView>> Visits() => ScheduleTestRegion.VisitsAsync(Schedule, Cases);

    /// <summary>Every case the seeds opened: a re-plan moves the region's visits, earlier seeds' among them (xUnit makes an instance per seed).</summary>
    static readonly List<string> Cases = [];

    /// <summary>Skills by engineer: both models, one each, none. The same for every seed: the schedule learns profiles from a stream.</summary>
    async Task ProfileEngineersAsync()
    {
        ImmutableArray<string>[] skills = [[.. Models], [Models[0]], [Models[1]], []];
        await ScheduleTestRegion.ProfileAsync(web.Grains, Schedule, Engineers, i => skills[i]);
    }

    async Task<VisitView> BookRandomAsync(Random random, string key)
    {
        var view = await ScheduleTestRegion.OpenCaseAsync(web.Grains, random, key, (Severity)random.Next(1, 6), Region);
        Cases.Add(view.Id);
        var day = DateTime.UtcNow.Date.AddDays(random.Next(1, 3));
        var start = new DateTimeOffset(day).AddHours(random.Next(0, 8));
        return await Schedule.Book(new BookVisit($"v-{key}", view.Id, start, start.AddHours(random.Next(1, 4)), random.Next(1, 5) * 30,
            random.Next(4) == 0 ? null : Models[random.Next(Models.Length)], "csc"));
    }

    /// <summary>Pins a few visits by hand (where the rules let a person) and sets an engineer off on one: none of them may move.</summary>
    async Task<Dictionary<string, (string?, DateTimeOffset?)>> FixSomeAsync(Random random, List<VisitView> visits)
    {
        var fixedSlots = new Dictionary<string, (string?, DateTimeOffset?)>();
        foreach (var visit in visits.Where(_ => random.Next(3) == 0))
        {
            try
            {
                var pinned = await Schedule.PlanByHand(visit.CaseId, visit.Id, Engineers[random.Next(Engineers.Length)], visit.WindowStart, "hq");
                fixedSlots[visit.Id] = (pinned.EngineerId, pinned.PlannedStart);
            }
            catch (DomainException refused) when (refused.Kind is FailureKind.BusinessRule or FailureKind.Conflict)
            {
                // Outside the shift, a missing skill, a clash, or no time to drive there from a visit fixed before it (409):
                // a person could not have put it there either.
            }
        }
        if (fixedSlots.Keys.FirstOrDefault() is { } started)
        {
            var visit = visits.Single(v => v.Id == started);
            try
            {
                var travelling = await Schedule.StartTravel(visit.CaseId, visit.Id, fixedSlots[started].Item1!);
                Assert.Equal(VisitState.Travelling, travelling.State);
            }
            catch (DomainException busy) when (busy.Kind == FailureKind.Conflict)
            {
                // The engineer is still on a visit an earlier seed started: this one stays pinned, which is fixed too.
            }
        }
        return fixedSlots;
    }
}
