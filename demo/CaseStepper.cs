using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceGrid.Cases;

namespace ServiceGrid.Demo;

/// <summary>
/// Takes a simulated case one step along its life, acting as whoever would act next: a branch claims and dispatches,
/// the engineer responds, arrives and resolves, the CSC closes, the customer answers the survey. Each step starts
/// from the case's state as last seen, so a change made by someone else (a person on the board, an SLA escalation)
/// is simply taken up from there.
/// </summary>
public sealed partial class CaseStepper(
    IGrainFactory grains,
    EngineerMover mover,
    EngineerFinder engineers,
    PartsDesk partsDesk,
    IOptions<DemoOptions> options,
    ILogger<CaseStepper> logger)
{
    const int MaxRefusals = 20;
    /// <summary>Real time a dispatcher waits before looking again for a free engineer or retrying a refused step.</summary>
    static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(2);

    /// <summary>Acts on the case if it is due; answers false once the simulator is done with it.</summary>
    public async Task<bool> StepAsync(SimulatedCase simulated, Random random, DateTimeOffset now)
    {
        try
        {
            return await (simulated.View.State switch
            {
                CaseState.Open => OnOpenAsync(simulated, random, now),
                CaseState.Claimed => OnClaimedAsync(simulated, now),
                CaseState.Dispatched => OnDispatchedAsync(simulated, now),
                CaseState.Responded => OnRespondedAsync(simulated, now),
                CaseState.OnSite => OnSiteAsync(simulated, now),
                CaseState.Resolved => OnResolvedAsync(simulated, now),
                CaseState.Closed => OnClosedAsync(simulated),
                _ => SendHomeAsync(simulated.View.EngineerId, simulated.Id),
            });
        }
        catch (DomainException exception)
        {
            TrafficLog.Refused(logger, exception, simulated.Id, simulated.View.State.ToString());
            if (++simulated.Refusals >= MaxRefusals)
            {
                TrafficLog.GaveUp(logger, simulated.Id, simulated.Refusals);
                return false;
            }
            if (await Case(simulated).Get() is not { } view) return false;
            simulated.View = view;
            simulated.NextAt = now + Scaled(RetryAfter);
            return true;
        }
    }

    async Task<bool> OnClaimedAsync(SimulatedCase simulated, DateTimeOffset now)
    {
        await PrepareRelocationAsync(simulated);
        var view = simulated.View;
        var site = view.Site ?? DemoCities.BranchLocation(view.BranchId!);
        if (await engineers.NearestAvailableAsync(view.BranchId!, site) is not { } engineer)
        {
            simulated.NextAt = now + Scaled(RetryAfter);
            return true;
        }
        simulated.View = await Case(simulated).Dispatch(engineer.Id, TrafficActors.Branch(view.BranchId!));
        await partsDesk.ReserveAsync(simulated);
        if (!simulated.Plan.Remote) mover.Send(engineer.Id, engineer.Location, site, simulated.Id);
        simulated.NextAt = simulated.Plan.Slip == Slip.Unattended && !simulated.Chased
            ? ChaseTime(simulated, now)
            : now + Scaled(simulated.Plan.ResponseDelay);
        return true;
    }

    async Task<bool> OnRespondedAsync(SimulatedCase simulated, DateTimeOffset now)
    {
        var engineerId = simulated.View.EngineerId!;
        if (simulated.Plan.Remote)
        {
            await ResolveAsync(simulated, [], now);
            return true;
        }
        if (!mover.IsHeadingTo(engineerId, simulated.Id)) await SendToSiteAsync(simulated);
        if (mover.HasArrived(engineerId, simulated.Id))
        {
            simulated.View = await Case(simulated).Arrive(engineerId);
            simulated.NextAt = now + Scaled(simulated.Plan.WorkTime);
        }
        return true;
    }

    async Task<bool> OnSiteAsync(SimulatedCase simulated, DateTimeOffset now)
    {
        await ResolveAsync(simulated, await PartsAsync(simulated), now);
        return true;
    }

    async Task<bool> OnResolvedAsync(SimulatedCase simulated, DateTimeOffset now)
    {
        simulated.View = await Case(simulated).Close(TrafficActors.Csc);
        await CloseCapaAsync(simulated);
        simulated.NextAt = now + Scaled(simulated.Plan.SurveyDelay);
        return true;
    }

    async Task<bool> OnClosedAsync(SimulatedCase simulated)
    {
        // Service plan 4.7.5: the CSC calls every customer back after the case is closed; most answer.
        if (simulated.Plan.SurveyScore is { } score && simulated.View.Survey is null)
            simulated.View = await Case(simulated).Survey(score, simulated.Plan.SurveyComment, simulated.View.CustomerId);
        return false;
    }

    ICaseGrain Case(SimulatedCase simulated) => grains.GetGrain<ICaseGrain>(simulated.Id);

    /// <summary>A real-world duration at the simulator's speed-up.</summary>
    TimeSpan Scaled(TimeSpan real) => real / options.Value.SpeedUp;
}
