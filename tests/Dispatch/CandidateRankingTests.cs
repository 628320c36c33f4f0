using ServiceGrid.Cases;
using ServiceGrid.Grains.Dispatch;
using ServiceGrid.Organization;
using static ServiceGrid.Tests.Dispatch.RankingData;

namespace ServiceGrid.Tests.Dispatch;

/// <summary>The ranking on hand-made situations: each rule of issue 15 once, with the reasons a dispatcher reads.</summary>
public sealed class CandidateRankingTests
{
    const string Model = "SV-720 rack server";

    [Fact]
    public void A_certified_engineer_in_time_ranks_before_a_nearer_one_without_the_certification()
    {
        var target = Case("c1");
        var near = Engineer("near", East(2));
        var certified = Engineer("certified", East(20), skills: [Model]);

        var list = CandidateRanking.Rank(target, Model, [near, certified], Context(), 5);

        Assert.Equal(["certified", "near"], list.Items.Select(c => c.EngineerId));
        Assert.True(list.Items[0].SkillMatch && list.Items[0].Meets.Onsite);
        Assert.Contains($"certified for {Model}", list.Items[0].Reasons);
        Assert.Contains($"not certified for {Model}", list.Items[1].Reasons);
        Assert.Null(list.Reason);
    }

    [Fact]
    public void Unavailable_off_duty_full_and_off_shift_engineers_are_never_candidates_but_on_call_ones_are_for_a_P1()
    {
        var engineers = new[]
        {
            Engineer("sick", East(1), EngineerStatus.Unavailable),
            Engineer("off-duty", East(1), EngineerStatus.OffDuty),
            Engineer("full", East(1), capacity: 1, jobs: ["other"]),
            // Shanghai 10:00 on a Monday: outside a 14:00-22:00 shift.
            Engineer("late-shift", East(1), shifts: Weekdays(14, 22)),
            Engineer("on-call", East(3), shifts: Weekdays(14, 22, onCall: true)),
            Engineer("declared-off-shift", East(1), EngineerStatus.OffShift),
            Engineer("free", East(5), shifts: Weekdays(8, 18)),
        };

        var p3 = CandidateRanking.Rank(Case("c2", Severity.P3), null, engineers, Context(), 10);
        var p1 = CandidateRanking.Rank(Case("c3", Severity.P1), null, engineers, Context(), 10);

        Assert.Equal(["free"], p3.Items.Select(c => c.EngineerId));
        Assert.Equal(["on-call", "free"], p1.Items.Select(c => c.EngineerId));
        Assert.Contains("on call outside shift", p1.Items[0].Reasons);
    }

    [Fact]
    public void The_eta_counts_the_jobs_an_engineer_must_finish_first()
    {
        var held = Case("held", site: East(10), state: CaseState.Dispatched, engineerId: "busy");
        var busy = Engineer("busy", Site, capacity: 2, jobs: ["held"]);
        var idle = Engineer("idle", East(30));

        var list = CandidateRanking.Rank(Case("c4"), null, [busy, idle], Context(held), 5);

        var first = list.Items.Single(c => c.EngineerId == "busy");
        // To the held job, two hours there, and back: later than the idle engineer 30 km away.
        Assert.True(first.EtaOnSite > Now + Options.JobDuration, $"{first.EtaOnSite}");
        Assert.Equal(["idle", "busy"], list.Items.Select(c => c.EngineerId));
        Assert.Contains("1 open job", first.Reasons);
        Assert.Equal(1, first.Load);
    }

    [Fact]
    public void A_case_no_one_can_reach_in_time_says_so()
    {
        var far = Engineer("far", East(400));

        var list = CandidateRanking.Rank(Case("c5", onsiteIn: TimeSpan.FromMinutes(30)), null, [far], Context(), 5);

        Assert.False(list.Items.Single().Meets.Onsite);
        Assert.Contains("after the on-site deadline", list.Items.Single().Reasons[0]);
        Assert.StartsWith("No engineer can be on site before the on-site deadline", list.Reason);
    }

    [Fact]
    public void An_empty_list_says_why()
    {
        var list = CandidateRanking.Rank(Case("c6"), null, [Engineer("sick", Site, EngineerStatus.Unavailable)], Context(), 5);

        Assert.Empty(list.Items);
        Assert.NotNull(list.Reason);
    }

    [Fact]
    public void Reasons_show_local_times_and_the_shift_end()
    {
        // 10:00 in Shanghai; the shift ends at 11:00, before the two hours of work are done.
        var engineer = Engineer("ending", East(8), shifts: Weekdays(8, 11));

        var candidate = CandidateRanking.Rank(Case("c7"), null, [engineer], Context(), 5).Items.Single();

        Assert.Contains("off shift at 11:00", candidate.Reasons);
        Assert.Matches(@"^on site 10:\d\d, 3h\d\d before the on-site deadline$", candidate.Reasons[0]);
        Assert.Equal(Math.Round(8 * 1.3, 0), Math.Round(candidate.DistanceKm, 0));
    }

    [Fact]
    public void A_shift_ending_at_midnight_covers_the_evening()
    {
        var calendar = Weekdays(18, 24);
        var evening = new DateTimeOffset(2026, 3, 2, 15, 30, 0, TimeSpan.Zero); // 23:30 in Shanghai

        Assert.Equal(new DateTimeOffset(2026, 3, 2, 16, 0, 0, TimeSpan.Zero), Shifts.ShiftEnd(calendar, evening));
        Assert.False(Shifts.IsOnShift(calendar, evening.AddHours(1)));
    }
}
