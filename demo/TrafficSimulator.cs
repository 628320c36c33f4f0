using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceGrid.Cases;
using ServiceGrid.Organization;

namespace ServiceGrid.Demo;

/// <summary>
/// The live demo traffic: every tick it opens the cases that are due at the configured rate, takes up the inspections
/// the schedule opened, moves the engineers on the road, runs the parts desk (replenishment, repairs) and takes every
/// case that is due one step further. It keeps only the cases it follows in memory,
/// survives refused commands and failed ticks, and stops with the host.
/// </summary>
public sealed class TrafficSimulator(
    IGrainFactory grains,
    CasePlanner planner,
    CaseStepper stepper,
    ScheduledWork scheduled,
    EngineerMover mover,
    PartsDesk partsDesk,
    IOptions<DemoOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider clock,
    ILogger<TrafficSimulator> logger) : BackgroundService
{
    readonly Random _random = new();
    readonly Dictionary<string, SimulatedCase> _cases = [];
    double _casesOwed;
    bool _organizationReady;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.Traffic != true) return;
        if (!await DemoStartup.WaitForStartAsync(lifetime, stoppingToken)) return;
        TrafficLog.Started(logger, settings.CasesPerMinute, settings.SpeedUp);

        using var timer = new PeriodicTimer(settings.TickInterval, clock);
        var last = clock.GetUtcNow();
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var now = clock.GetUtcNow();
                try
                {
                    await TickAsync(now, now - last, stoppingToken);
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    TrafficLog.TickFailed(logger, exception);
                }
                last = now;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the cases in flight stay where they are, as they would if the CSC went home.
        }
    }

    async Task TickAsync(DateTimeOffset now, TimeSpan elapsed, CancellationToken stoppingToken)
    {
        if (!await OrganizationReadyAsync()) return;
        var settings = options.Value;

        _casesOwed += settings.CasesPerMinute * elapsed.TotalMinutes;
        while (_casesOwed >= 1 && !stoppingToken.IsCancellationRequested)
        {
            // At the limit the cases not opened are dropped, not saved up for a burst later.
            if (_cases.Count >= settings.MaxCasesInFlight)
            {
                _casesOwed = 0;
                break;
            }
            _casesOwed--;
            await OpenAsync(now);
        }

        foreach (var adopted in await scheduled.FindAsync(_cases, _random, now))
        {
            if (_cases.Count >= settings.MaxCasesInFlight) break;
            adopted.NextAt = stepper.FirstStepAt(adopted, now);
            _cases[adopted.Id] = adopted;
        }

        await mover.MoveAllAsync(settings.RoadSpeedKmh * settings.SpeedUp * elapsed.TotalHours);
        await partsDesk.TickAsync(now, _random);

        foreach (var simulated in _cases.Values.Where(c => c.NextAt <= now).ToList())
        {
            if (stoppingToken.IsCancellationRequested) return;
            if (!await stepper.StepAsync(simulated, _random, now)) _cases.Remove(simulated.Id);
        }
    }

    async Task OpenAsync(DateTimeOffset now)
    {
        var plan = planner.Next(_random);
        var caseId = CaseIds.New(clock);
        try
        {
            var view = await grains.GetGrain<ICaseGrain>(caseId).Open(plan.Request);
            var simulated = new SimulatedCase(plan, view, now);
            simulated.NextAt = stepper.FirstStepAt(simulated, now);
            _cases[caseId] = simulated;
        }
        catch (DomainException exception)
        {
            TrafficLog.Refused(logger, exception, caseId, "open");
        }
    }

    /// <summary>Cases need the chart (regions, branches); the seeder may still be loading it.</summary>
    async Task<bool> OrganizationReadyAsync()
    {
        if (_organizationReady) return true;
        var chart = await grains.GetGrain<IOrganizationGrain>(IOrganizationGrain.Key).Get();
        _organizationReady = !chart.Regions.IsEmpty;
        if (!_organizationReady) TrafficLog.WaitingForOrganization(logger);
        return _organizationReady;
    }
}
