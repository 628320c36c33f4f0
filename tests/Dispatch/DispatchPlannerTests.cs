using ServiceGrid.Cases;
using ServiceGrid.Events;
using ServiceGrid.Grains.Dispatch;
using ServiceGrid.Organization;
using ServiceGrid.Tests.Infrastructure;
using static ServiceGrid.Tests.Infrastructure.TestOrganization;

namespace ServiceGrid.Tests.Dispatch;

/// <summary>
/// A cluster of its own: these tests put branches on auto-dispatch, which the other cluster tests must not meet.
/// Shanghai is on auto, Hangzhou stays on suggest (the default).
/// </summary>
[CollectionDefinition(Name)]
public sealed class DispatchCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "dispatch";
}

/// <summary>
/// The planner (issue 15): auto-dispatch of a branch's cases and of P1/P2 left in the pool, a decision racing a person's
/// refused by version, pinned and person-dispatched cases never moved, and the re-plan when an engineer drops out.
/// Every engineer stands on the site of the case meant for them, so that the engineers of other tests rank behind.
/// </summary>
[Collection(DispatchCollection.Name)]
public sealed class DispatchPlannerTests(ClusterFixture fixture) : IAsyncLifetime
{
    readonly IGrainFactory _grains = fixture.Grains;
    IDispatchGrain East_ => _grains.GetGrain<IDispatchGrain>(East);

    public async Task InitializeAsync() => await East_.SetPolicy(Shanghai, DispatchMode.Auto);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_case_an_auto_branch_claims_is_dispatched_by_the_planner_with_its_reasons()
    {
        var site = NewSite();
        var engineerId = await EngineerAtAsync(Shanghai, site);
        var opened = await OpenAtAsync(Severity.P2, site);

        await Case(opened).Claim(Shanghai, "branch-shanghai");

        var dispatched = await Eventually.Until(Case(opened).Get, c => c!.State == CaseState.Dispatched);
        Assert.Equal(engineerId, dispatched!.EngineerId);
        var decision = dispatched.Timeline.Last(e => e.Type == TimelineTypes.Dispatched);
        Assert.Equal(CaseDecisions.Planner, decision.Actor);
        Assert.Contains("before the on-site deadline", decision.Note);
    }

    [Fact]
    public async Task A_P1_left_in_the_pool_past_the_grace_is_claimed_and_dispatched_by_an_auto_branch()
    {
        var site = NewSite();
        var engineerId = await EngineerAtAsync(Shanghai, site);
        var opened = await OpenAtAsync(Severity.P1, site);
        var options = new DispatchOptions();

        await fixture.AdvanceAsync(options.PoolGrace + options.PlanPeriod);

        var dispatched = await Eventually.Until(Case(opened).Get, c => c!.State == CaseState.Dispatched);
        Assert.Equal((Shanghai, engineerId), (dispatched!.BranchId, dispatched.EngineerId));
        Assert.All(dispatched.Timeline.Where(e => e.Type is TimelineTypes.Claimed or TimelineTypes.Dispatched), e => Assert.Equal(CaseDecisions.Planner, e.Actor));
    }

    [Fact]
    public async Task A_planner_decision_made_on_an_older_version_is_refused_and_the_persons_dispatch_stands()
    {
        var site = NewSite();
        var person = await EngineerAtAsync(Hangzhou, site);
        var planned = await EngineerAtAsync(Hangzhou, site);
        var opened = await OpenAtAsync(Severity.P3, site);
        var claimed = await Case(opened).Claim(Hangzhou, "branch-hangzhou");

        // The planner read the claimed case; a dispatcher acts first.
        await Case(opened).Dispatch(person, "branch-hangzhou");
        await DomainAssert.Refused(FailureKind.Conflict, () => Case(opened).Plan(new PlannedDispatch(planned, claimed.Version, ["test"])));

        var after = await Case(opened).Get();
        Assert.Equal(person, after!.EngineerId);
        Assert.Empty((await _grains.GetGrain<IEngineerGrain>(planned).Get())!.Jobs);
    }

    [Fact]
    public async Task Pinned_or_person_dispatched_cases_are_never_moved_by_the_planner_in_any_order_of_events()
    {
        var random = new Random(20261202);
        for (var round = 0; round < 12; round++)
        {
            var site = NewSite();
            var first = await EngineerAtAsync(Hangzhou, site);
            var second = await EngineerAtAsync(Hangzhou, site);
            var opened = await OpenAtAsync(Severity.P2, site);
            await Case(opened).Claim(Hangzhou, "branch-hangzhou");
            var byPerson = random.Next(2) == 0;
            var pinned = random.Next(2) == 0;
            var view = byPerson ? await Case(opened).Dispatch(first, "branch-hangzhou") : await Case(opened).Plan(new PlannedDispatch(first, (await Case(opened).Get())!.Version, ["test"]));
            if (pinned) view = await Case(opened).Pin("branch-hangzhou");
            if (random.Next(3) == 0 && pinned) view = await Case(opened).Unpin("branch-hangzhou");
            var protectedCase = view.Timeline.IsPinned() || byPerson;

            var attempt = () => Case(opened).Plan(new PlannedDispatch(second, view.Version, ["test"]));

            if (protectedCase)
            {
                await DomainAssert.Refused(FailureKind.Conflict, attempt);
                Assert.Equal((view.Version, first), ((await Case(opened).Get())!.Version, (await Case(opened).Get())!.EngineerId));
            }
            else
            {
                Assert.Equal(second, (await attempt()).EngineerId);
            }
        }
    }

    [Fact]
    public async Task When_an_auto_branchs_engineer_drops_out_their_jobs_move_P1_first_and_the_one_on_site_stays_flagged()
    {
        var site = NewSite();
        var leaving = await EngineerAtAsync(Shanghai, site, capacity: 3);
        var p3 = await PlannedAsync(Severity.P3, site, leaving);
        var p1 = await PlannedAsync(Severity.P1, site, leaving);
        var onSite = await PlannedAsync(Severity.P2, site, leaving);
        await Case(onSite).Respond("on my way", leaving);
        await Case(onSite).Arrive(leaving);
        // One job only, and on the site: whichever job is re-planned first takes them, so the P1 must be first.
        var replacement = await EngineerAtAsync(Shanghai, site);
        var farther = await EngineerAtAsync(Shanghai, new GeoPoint(site.Lat + 0.05, site.Lon));

        await _grains.GetGrain<IEngineerGrain>(leaving).SetAvailability(EngineerStatus.Unavailable, "vehicle breakdown", null);

        var engineers = await Eventually.Until(async () => (await Case(p1).Get())!.EngineerId + " " + (await Case(p3).Get())!.EngineerId,
            pair => !pair.Contains(leaving));
        Assert.Equal(replacement, engineers.Split(' ')[0]);
        Assert.Equal(farther, engineers.Split(' ')[1]);
        foreach (var job in new[] { p1, p3 })
        {
            var moved = (await Case(job).Get())!.Timeline.Last(e => e.Type == TimelineTypes.Reassigned);
            Assert.Equal(CaseDecisions.Planner, moved.Actor);
            Assert.StartsWith($"{leaving} unavailable (vehicle breakdown)", moved.Note);
        }
        Assert.Equal(leaving, (await Case(onSite).Get())!.EngineerId);
        var policy = await Eventually.Until(() => East_.GetPolicy(Shanghai), p => p.Proposals.Any(x => x.CaseId == onSite));
        Assert.Equal(ProposalKinds.Flagged, policy.Proposals.Single(x => x.CaseId == onSite).Kind);
    }

    [Fact]
    public async Task When_a_suggest_branchs_engineer_drops_out_the_branch_gets_a_proposal_and_nothing_moves()
    {
        var site = NewSite();
        var leaving = await EngineerAtAsync(Hangzhou, site);
        var opened = await OpenAtAsync(Severity.P2, site);
        await Case(opened).Claim(Hangzhou, "branch-hangzhou");
        await Case(opened).Dispatch(leaving, "branch-hangzhou");
        var replacement = await EngineerAtAsync(Hangzhou, site);

        await _grains.GetGrain<IEngineerGrain>(leaving).SetAvailability(EngineerStatus.Unavailable, "sick", null);

        var policy = await Eventually.Until(() => East_.GetPolicy(Hangzhou), p => p.Proposals.Any(x => x.CaseId == opened.Id));
        var proposal = policy.Proposals.Single(x => x.CaseId == opened.Id);
        Assert.Equal((ProposalKinds.Proposed, replacement, leaving), (proposal.Kind, proposal.EngineerId, proposal.FromEngineerId));
        Assert.Equal(leaving, (await Case(opened).Get())!.EngineerId);
    }

    [Fact]
    public async Task A_standing_proposal_is_still_listed_after_the_planner_restarts_and_one_acted_on_stays_gone()
    {
        var site = NewSite();
        var leaving = await EngineerAtAsync(Hangzhou, site, capacity: 2);
        var kept = await OpenAtAsync(Severity.P2, site);
        var accepted = await OpenAtAsync(Severity.P3, site);
        foreach (var job in new[] { kept, accepted })
        {
            await Case(job).Claim(Hangzhou, "branch-hangzhou");
            await Case(job).Dispatch(leaving, "branch-hangzhou");
        }
        var replacement = await EngineerAtAsync(Hangzhou, site);
        await _grains.GetGrain<IEngineerGrain>(leaving).SetAvailability(EngineerStatus.Unavailable, "sick", null);
        await Eventually.Until(() => East_.GetPolicy(Hangzhou), p => new[] { kept.Id, accepted.Id }.All(id => p.Proposals.Any(x => x.CaseId == id)));

        // The branch accepts one; the planner sees the job move on and drops that proposal.
        await Case(accepted).Reassign(new ReassignCase(Hangzhou, replacement, "branch-hangzhou"));
        var before = await Eventually.Until(() => East_.GetPolicy(Hangzhou), p => p.Proposals.All(x => x.CaseId != accepted.Id));
        await fixture.Cluster.DeactivateAsync(East_);
        var after = await East_.GetPolicy(Hangzhou);

        var standing = Assert.Single(after.Proposals, x => x.CaseId == kept.Id);
        var proposed = before.Proposals.Single(x => x.CaseId == kept.Id);
        Assert.Equal((proposed.Kind, proposed.EngineerId, proposed.FromEngineerId, proposed.At), (standing.Kind, standing.EngineerId, standing.FromEngineerId, standing.At));
        Assert.Equal(proposed.Reasons.ToArray(), standing.Reasons.ToArray());
        Assert.DoesNotContain(after.Proposals, x => x.CaseId == accepted.Id);
    }

    [Fact]
    public async Task A_drop_out_that_wakes_the_planner_after_a_restart_is_still_re_planned()
    {
        var site = NewSite();
        var leaving = await EngineerAtAsync(Hangzhou, site);
        var job = await OpenAtAsync(Severity.P2, site);
        await Case(job).Claim(Hangzhou, "branch-hangzhou");
        await Case(job).Dispatch(leaving, "branch-hangzhou");
        var region = _grains.GetGrain<IRegionGrain>(East);
        await Eventually.Until(() => region.GetEngineers(Hangzhou), all => all.Any(e => e.Id == leaving && e.Jobs.Contains(job.Id)));
        await fixture.Cluster.DeactivateAsync(East_);

        // The drop-out's own event may be what activates the planner, which then reads the engineer as unavailable already.
        await _grains.GetGrain<IEngineerGrain>(leaving).SetAvailability(EngineerStatus.Unavailable, "vehicle breakdown", null);

        var policy = await Eventually.Until(() => East_.GetPolicy(Hangzhou), p => p.Proposals.Any(x => x.CaseId == job.Id));
        Assert.Equal(leaving, policy.Proposals.Single(x => x.CaseId == job.Id).FromEngineerId);
    }

    ICaseGrain Case(CaseView view) => _grains.GetGrain<ICaseGrain>(view.Id);

    ICaseGrain Case(string id) => _grains.GetGrain<ICaseGrain>(id);

    /// <summary>A case of <paramref name="severity"/> Shanghai claims and the planner dispatches to <paramref name="engineerId"/>.</summary>
    async Task<string> PlannedAsync(Severity severity, GeoPoint site, string engineerId)
    {
        var opened = await OpenAtAsync(severity, site);
        await Case(opened).Claim(Shanghai, "branch-shanghai");
        var dispatched = await Eventually.Until(Case(opened).Get, c => c!.State == CaseState.Dispatched);
        Assert.Equal(engineerId, dispatched!.EngineerId);
        return opened.Id;
    }

    Task<CaseView> OpenAtAsync(Severity severity, GeoPoint site) =>
        _grains.GetGrain<ICaseGrain>(NewCaseId()).Open(Request(severity, East) with { Site = site });

    async Task<string> EngineerAtAsync(string branchId, GeoPoint site, int capacity = 1)
    {
        var id = $"eng-{branchId}-{Guid.NewGuid():N}";
        var engineer = _grains.GetGrain<IEngineerGrain>(id);
        await engineer.Register(new EngineerProfile($"Engineer of {branchId}", branchId, East, site));
        await engineer.SetResource(new ResourceProfile([], null, capacity));
        // Ready once the region's dispatch snapshot holds them as described.
        await Eventually.Until(() => East_.Recommend(Probe(site), [branchId], 500), list => list.Items.Any(c => c.EngineerId == id));
        return id;
    }

    /// <summary>A claimed case at <paramref name="site"/> that exists only to ask for candidates.</summary>
    static CaseView Probe(GeoPoint site) => new()
    {
        Id = "probe", Version = 1, Kind = CaseKind.Service, Severity = Severity.P3, Channel = Channel.Hotline, State = CaseState.Claimed,
        Region = East, Tier = Tiers.Branch, CustomerId = EastCustomer, Title = "probe", Description = "probe", Site = site,
        OpenedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch, Timeline = [],
        Sla = new SlaView(new(null, MilestoneStatus.NotApplicable, null), new(null, MilestoneStatus.NotApplicable, null), new(null, MilestoneStatus.NotApplicable, null)),
    };

    /// <summary>A site of its own, around Shanghai, so that each test's engineers stand nearest to its own cases.</summary>
    static GeoPoint NewSite() => new(31.0 + Random.Shared.NextDouble() * 0.5, 121.0 + Random.Shared.NextDouble() * 0.5);
}
