using ServiceGrid.Cases;
using ServiceGrid.Organization;
using ServiceGrid.Tests.Infrastructure;
using static ServiceGrid.Tests.Persistence.DurableSiloTests;

namespace ServiceGrid.Tests.Persistence;

/// <summary>Issue 15 in durable mode: the planner's standing proposals outlive a restart of the silo.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DispatchRestartTests(PostgresServer server)
{
    [Fact]
    public async Task A_standing_proposal_is_still_listed_after_the_silo_restarts()
    {
        var database = await server.CreateDatabaseAsync("dispatch_proposals");
        string caseId;
        await using (var first = await DurableSilo.StartAsync(database, "dispatch"))
        {
            var grains = first.Grains;
            await SeedNorthAsync(grains);
            var site = new GeoPoint(39.90, 116.40);
            foreach (var id in new[] { "eng-dr-leaving", "eng-dr-staying" })
                await grains.GetGrain<IEngineerGrain>(id).Register(new EngineerProfile(id, "beijing", "north", site));
            var opened = await OpenNorthAsync(grains, "case-dr-1", Severity.P2);
            caseId = opened.Id;
            var claimed = await grains.GetGrain<ICaseGrain>(caseId).Claim("beijing", "beijing-dispatch");
            // The planner follows the drop-out of an engineer it already knows: wait until its snapshot holds both.
            var dispatch = grains.GetGrain<IDispatchGrain>("north");
            await Eventually.Until(() => dispatch.Recommend(claimed, ["beijing"], 5), list => list.Items.Length == 2);
            await grains.GetGrain<ICaseGrain>(caseId).Dispatch("eng-dr-leaving", "beijing-dispatch");
            await grains.GetGrain<IEngineerGrain>("eng-dr-leaving").SetAvailability(EngineerStatus.Unavailable, "sick", null);
            var before = await Eventually.Until(() => dispatch.GetPolicy("beijing"), p => p.Proposals.Any(x => x.CaseId == caseId));
            Assert.Single(before.Proposals);
        }

        await using var second = await DurableSilo.StartAsync(database, "dispatch");
        var policy = await second.Grains.GetGrain<IDispatchGrain>("north").GetPolicy("beijing");

        var proposal = Assert.Single(policy.Proposals);
        Assert.Equal((caseId, ProposalKinds.Proposed, "eng-dr-leaving", "eng-dr-staying"), (proposal.CaseId, proposal.Kind, proposal.FromEngineerId, proposal.EngineerId));
    }
}
