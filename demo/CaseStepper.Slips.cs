using ServiceGrid.Cases;

namespace ServiceGrid.Demo;

/// <summary>
/// Claiming, and the cases that slip: the customer chases (the CSC escalates), the branch passes the case to HQ,
/// and HQ moves it to the region's other branch or to another engineer (service plan 4.5: a case that cannot be
/// solved at one level goes up a level).
/// </summary>
public sealed partial class CaseStepper
{
    /// <summary>When to act first on a newly opened case.</summary>
    public DateTimeOffset FirstStepAt(SimulatedCase simulated, DateTimeOffset now) =>
        simulated.Plan.Slip == Slip.Unclaimed ? ChaseTime(simulated, now) : now + Scaled(simulated.Plan.ClaimDelay);

    async Task<bool> OnOpenAsync(SimulatedCase simulated, Random random, DateTimeOffset now)
    {
        await RaiseCapaAsync(simulated, random);
        var branches = DemoCities.BranchesOf(simulated.View.Region);
        if (branches.IsEmpty) return false;
        if (simulated.Plan.Slip == Slip.Unclaimed && !simulated.Reassigned)
        {
            if (!simulated.Chased) return await ChaseAsync(simulated, "Customer chased: no branch has taken the case yet", now);
            if (simulated.View.Tier == Tiers.Headquarters)
            {
                var branchId = branches[random.Next(branches.Length)];
                simulated.View = await Case(simulated).Reassign(new ReassignCase(branchId, null, TrafficActors.Headquarters));
                simulated.Reassigned = true;
                simulated.NextAt = now + Scaled(simulated.Plan.DispatchDelay);
                return true;
            }
        }

        // Both branches of a region see the same pool; sometimes both reach for the same case and one loses (409).
        var claimants = simulated.Plan.ClaimRace ? branches : [branches[random.Next(branches.Length)]];
        var claims = await Task.WhenAll(claimants.Select(branchId => TryClaimAsync(simulated.Id, branchId)));
        simulated.View = claims.OfType<CaseView>().FirstOrDefault() ?? await Case(simulated).Get() ?? simulated.View;
        simulated.NextAt = now + Scaled(simulated.Plan.DispatchDelay);
        return true;
    }

    async Task<CaseView?> TryClaimAsync(string caseId, string branchId)
    {
        try
        {
            return await grains.GetGrain<ICaseGrain>(caseId).Claim(branchId, TrafficActors.Branch(branchId));
        }
        catch (DomainException exception)
        {
            TrafficLog.Refused(logger, exception, caseId, $"claim by {branchId}");
            return null;
        }
    }

    async Task<bool> OnDispatchedAsync(SimulatedCase simulated, DateTimeOffset now)
    {
        if (simulated.Plan.Slip == Slip.Unattended && !simulated.Reassigned)
        {
            if (!simulated.Chased) return await ChaseAsync(simulated, "Customer chased: the engineer has not responded", now);
            if (simulated.View.Tier == Tiers.Headquarters) return await ReassignAsync(simulated, now);
        }

        var engineerId = simulated.View.EngineerId!;
        if (!simulated.Plan.Remote && !mover.IsHeadingTo(engineerId, simulated.Id)) await SendToSiteAsync(simulated);
        var note = simulated.Plan.Remote ? "Remote session opened with the customer" : "Called the customer; on the way to the site";
        simulated.View = await Case(simulated).Respond(note, engineerId);
        simulated.NextAt = simulated.Plan.Remote ? now + Scaled(simulated.Plan.WorkTime) : now;
        return true;
    }

    /// <summary>The CSC escalates; a branch that holds the case passes it on to HQ (tier 1) as well.</summary>
    async Task<bool> ChaseAsync(SimulatedCase simulated, string reason, DateTimeOffset now)
    {
        simulated.Chased = true;
        if (simulated.View.Tier > Tiers.Headquarters) simulated.View = await Case(simulated).Escalate(reason, TrafficActors.Csc);
        if (simulated.View.Tier > Tiers.Headquarters && simulated.View.BranchId is { } branchId)
            simulated.View = await Case(simulated).Escalate("The branch cannot clear it in time; passed to HQ", TrafficActors.Branch(branchId));
        simulated.NextAt = now + Scaled(simulated.Plan.DispatchDelay);
        return true;
    }

    /// <summary>HQ moves an unattended case to another engineer of the branch, or to the region's other branch.</summary>
    async Task<bool> ReassignAsync(SimulatedCase simulated, DateTimeOffset now)
    {
        var view = simulated.View;
        var site = view.Site ?? DemoCities.BranchLocation(view.BranchId!);
        var next = simulated.Plan.MoveToOtherBranch ? null : await engineers.NearestAvailableAsync(view.BranchId!, site, except: view.EngineerId);
        var branchId = next is null ? DemoCities.BranchesOf(view.Region).FirstOrDefault(id => id != view.BranchId) ?? view.BranchId! : view.BranchId!;

        simulated.View = await Case(simulated).Reassign(new ReassignCase(branchId, next?.Id, TrafficActors.Headquarters));
        simulated.Reassigned = true;
        await SendHomeAsync(view.EngineerId, simulated.Id);
        if (next is { } engineer && !simulated.Plan.Remote) mover.Send(engineer.Id, engineer.Location, site, simulated.Id);
        simulated.NextAt = now + Scaled(simulated.Plan.DispatchDelay);
        return true;
    }

    /// <summary>When the customer of a slipped case chases: a share of the response window, so some chase while the
    /// case is at risk and some after it breached.</summary>
    DateTimeOffset ChaseTime(SimulatedCase simulated, DateTimeOffset now)
    {
        var view = simulated.View;
        var due = view.Sla.Response.DueAt ?? view.OpenedAt + TimeSpan.FromHours(1);
        var at = view.OpenedAt + (due - view.OpenedAt) * simulated.Plan.ChaseAt;
        return at > now ? at : now;
    }
}
