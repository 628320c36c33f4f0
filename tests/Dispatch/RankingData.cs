using System.Collections.Immutable;
using ServiceGrid.Cases;
using ServiceGrid.Grains.Dispatch;
using ServiceGrid.Organization;

namespace ServiceGrid.Tests.Dispatch;

/// <summary>Cases and engineers as the ranking sees them, built in one line each.</summary>
public static class RankingData
{
    public const string Region = "north";
    public static readonly DateTimeOffset Now = new(2026, 3, 2, 2, 0, 0, TimeSpan.Zero); // Monday 10:00 in Shanghai
    public static readonly GeoPoint Site = new(39.95, 116.30);
    public static readonly DispatchOptions Options = new();
    public static readonly ITravelTimes Travel = new StraightLineTravelTimes(Microsoft.Extensions.Options.Options.Create(new TravelOptions()));

    public static CaseView Case(string id, Severity severity = Severity.P2, GeoPoint? site = null, CaseState state = CaseState.Claimed,
        TimeSpan? onsiteIn = null, DateTimeOffset? onsiteMetAt = null, string? engineerId = null) => new()
    {
        Id = id, Version = 3, Kind = CaseKind.Service, Severity = severity, Channel = Channel.Hotline, State = state, Region = Region,
        BranchId = "beijing", EngineerId = engineerId, Tier = Tiers.Branch, CustomerId = "cust", Title = "t", Description = "d",
        Site = site ?? Site, OpenedAt = Now.AddMinutes(-10), UpdatedAt = Now, Timeline = [],
        Sla = new SlaView(
            new MilestoneView(Now.AddMinutes(50), MilestoneStatus.Pending, null),
            onsiteMetAt is { } met
                ? new MilestoneView(Now.AddHours(4), MilestoneStatus.Met, met)
                : new MilestoneView(Now + (onsiteIn ?? TimeSpan.FromHours(4)), MilestoneStatus.Pending, null),
            new MilestoneView(Now.AddHours(24), MilestoneStatus.Pending, null)),
    };

    public static EngineerView Engineer(string id, GeoPoint location, EngineerStatus status = EngineerStatus.Available,
        ImmutableArray<string> skills = default, ShiftCalendar? shifts = null, int capacity = 1, ImmutableArray<string> jobs = default) => new()
    {
        Id = id, Name = id, BranchId = "beijing", RegionId = Region, Status = status, Location = location, UpdatedAt = Now, Version = 1,
        Jobs = jobs.IsDefault ? [] : jobs, CurrentCaseId = jobs.IsDefaultOrEmpty ? null : jobs[0],
        Resource = new ResourceProfile(skills.IsDefault ? [] : skills, shifts, capacity),
    };

    public static RankingContext Context(params CaseView[] jobs) =>
        new(Now, Travel, Options, id => jobs.FirstOrDefault(job => job.Id == id));

    /// <summary>Monday to Friday, <paramref name="from"/> to <paramref name="to"/> in Shanghai.</summary>
    public static ShiftCalendar Weekdays(int from, int to, bool onCall = false) =>
        new("Asia/Shanghai", [.. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(day => new ShiftPeriod(day, new TimeOnly(from, 0), to == 24 ? TimeOnly.MinValue : new TimeOnly(to, 0)))], onCall);

    /// <summary>A point about <paramref name="km"/> east of <see cref="Site"/>.</summary>
    public static GeoPoint East(double km) => new(Site.Lat, Site.Lon + km / 85.4);
}
