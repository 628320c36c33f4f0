using System.Collections.Immutable;
using ServiceGrid.Organization;

namespace ServiceGrid.Demo;

/// <summary>
/// The demo engineers as resources (issue 15), varied so that recommendations differ: each is certified for three of the
/// catalog's six product models and works one of four shift patterns in China Standard Time, some on call for P1/P2.
/// Drawn from the engineer's number, not from the organization's random sequence, so the rest of the demo is unchanged.
/// </summary>
public static class DemoResources
{
    public const string TimeZone = "Asia/Shanghai";

    /// <summary>The region whose branches the demo puts on auto-dispatch.</summary>
    public const string AutoDispatchRegion = "northwest";

    static readonly DayOfWeek[] Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];
    static readonly DayOfWeek[] Week = Enum.GetValues<DayOfWeek>();

    public static ResourceProfile For(int branchIndex, int n)
    {
        var products = DemoCatalog.Products;
        var first = (branchIndex + n) % products.Length;
        ImmutableArray<string> skills = [.. Enumerable.Range(0, 3).Select(i => products[(first + i * 2) % products.Length].Model)];
        var shifts = ((branchIndex + n) % 4) switch
        {
            0 => Calendar(Weekdays, "08:00", "18:00", onCall: true),
            1 => Calendar(Weekdays, "12:00", "22:00", onCall: false),
            2 => Calendar(Week, "07:00", "19:00", onCall: n % 2 == 0),
            _ => Calendar(Week, "00:00", "24:00", onCall: true),
        };
        return new ResourceProfile(skills, shifts, Capacity: 1 + n % 3);
    }

    static ShiftCalendar Calendar(DayOfWeek[] days, string start, string end, bool onCall) =>
        new(TimeZone, [.. days.Select(day => new ShiftPeriod(day, TimeOnly.Parse(start), end == "24:00" ? TimeOnly.MinValue : TimeOnly.Parse(end)))], onCall);
}
