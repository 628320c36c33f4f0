using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ServiceGrid.Bench.Harness;
using ServiceGrid.Cases;
using ServiceGrid.Grains.Schedule;
using ServiceGrid.Organization;
using ServiceGrid.Schedule;

namespace ServiceGrid.Bench.Scenarios;

/// <summary>
/// Issue 18's schedule scenarios' region on an in-process silo: engineers on 08:00–17:00 shifts every day around a city,
/// service cases at sites near it, and visits booked on them through the region's <see cref="IScheduleGrain"/> (the grain
/// behind <c>POST /api/cases/{id}/visits</c>).
/// </summary>
public sealed class ScheduleSeed(InProcessSilo silo, string region, string branch, GeoPoint centre)
{
    readonly IGrainFactory grains = silo.Grains;
    readonly TimeProvider clock = silo.Clock;

    /// <summary>The schedule's settings on the silo: its zone counts the visits' days and the engineers' shifts.</summary>
    readonly ScheduleOptions settings = silo.Services.GetRequiredService<IOptions<ScheduleOptions>>().Value;

    TimeZoneInfo Zone => settings.Zone;

    public IScheduleGrain Schedule => grains.GetGrain<IScheduleGrain>(region);

    /// <summary>Tomorrow in the schedule's zone: today may be over already (this runs at any hour).</summary>
    public DateOnly Tomorrow => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Zone).DateTime).AddDays(1);

    public DateTimeOffset At(DateOnly date, int hour)
    {
        var local = date.ToDateTime(new TimeOnly(hour, 0));
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }

    /// <summary>Registers the engineers, then waits until the schedule grain follows all of them (its stream, not wall time).</summary>
    public async Task<string[]> EngineersAsync(string prefix, int count, Random random)
    {
        var week = Enum.GetValues<DayOfWeek>().Select(d => new ShiftPeriod(d, new TimeOnly(8, 0), new TimeOnly(17, 0))).ToImmutableArray();
        var ids = Enumerable.Range(1, count).Select(n => $"{prefix}-{n}").ToArray();
        var homes = ids.Select(_ => Near(random)).ToArray();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
        {
            var engineer = grains.GetGrain<IEngineerGrain>(ids[i]);
            await engineer.Register(new EngineerProfile($"Schedule bench engineer {i + 1}", branch, region, homes[i]));
            await engineer.SetResource(new ResourceProfile([], new ShiftCalendar(settings.TimeZone, week, false), 12));
        });
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await Schedule.GetSchedule(Tomorrow)).Engineers.Count(e => e.EngineerId.StartsWith(prefix, StringComparison.Ordinal)) < count)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The schedule of {region} did not follow its {count} engineers.");
            await Task.Delay(20);
        }
        return ids;
    }

    /// <summary>Opens a case per visit at a site near the centre and books the visit on it, day by day from <paramref name="firstDay"/>.</summary>
    public async Task<(string CaseId, string VisitId)[]> BookAsync(int count, DateOnly firstDay, int days, Random random, Severity severity = Severity.P3)
    {
        var plans = Enumerable.Range(0, count).Select(i => (Site: Near(random), Day: firstDay.AddDays(i % days),
            Window: random.Next(3), Minutes: 30 + 15 * random.Next(3))).ToArray();
        var booked = new (string, string)[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
            booked[i] = await BookOneAsync(plans[i].Site, plans[i].Day, plans[i].Window, plans[i].Minutes, severity));
        return booked;
    }

    /// <summary>One case and its visit: window 0 all day (08–17), 1 the morning (08–12), 2 the afternoon (13–17).</summary>
    public async Task<(string CaseId, string VisitId)> BookOneAsync(GeoPoint site, DateOnly day, int window, int minutes, Severity severity)
    {
        var caseId = await OpenCaseAsync(site, severity);
        var (from, to) = window switch { 1 => (8, 12), 2 => (13, 17), _ => (8, 17) };
        var visit = await Schedule.Book(new BookVisit($"v-{Guid.NewGuid():N}", caseId, At(day, from), At(day, to), minutes, null, "bench"));
        return (caseId, visit.Id);
    }

    public async Task<string> OpenCaseAsync(GeoPoint site, Severity severity)
    {
        var caseId = CaseIds.New(clock);
        await grains.GetGrain<ICaseGrain>(caseId).Open(new OpenCase
        {
            CustomerId = "cust-1", Kind = CaseKind.Service, Severity = severity, Channel = Channel.Hotline,
            Title = $"Schedule bench case {caseId}", Description = "Opened by the schedule benchmark.", Region = region, Site = site, Actor = "bench",
        });
        return caseId;
    }

    /// <summary>A re-plan as a dispatcher asks for it (<c>POST /api/regions/{id}/replan</c>, then its <c>apply</c>).</summary>
    public async Task<(ReplanProposal Proposal, AppliedPlan Applied)> ReplanAsync(int horizonDays, TimeSpan limit)
    {
        var proposal = await Schedule.Propose(horizonDays, limit);
        return (proposal, await Schedule.Apply(proposal.Id, "bench"));
    }

    /// <summary>Sets every branch of the region to <paramref name="mode"/>, so that no automatic re-plan runs beside the measured ones.</summary>
    public Task SetPolicyAsync(DispatchMode mode) =>
        Task.WhenAll(DemoGrid.Branches.Where(b => b.Region == region).Select(b => grains.GetGrain<IDispatchGrain>(region).SetPolicy(b.Branch, mode)));

    public GeoPoint Near(Random random) => new(centre.Lat + (random.NextDouble() - 0.5) * 0.5, centre.Lon + (random.NextDouble() - 0.5) * 0.5);
}
