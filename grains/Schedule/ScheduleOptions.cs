using System.ComponentModel.DataAnnotations;
using ServiceGrid.Grains.Dispatch;

namespace ServiceGrid.Grains.Schedule;

/// <summary>Visits, the region's plan and its re-plans (issue 18; bound from <c>ServiceGrid:Schedule</c>).</summary>
public sealed class ScheduleOptions : IValidatableObject
{
    public const string Section = "ServiceGrid:Schedule";

    /// <summary>Days after today a re-plan looks at (0: today only).</summary>
    [Range(0, 13)]
    public int HorizonDays { get; set; } = 2;

    /// <summary>How long OR-Tools searches a re-plan; a request may ask for less or more (up to <see cref="MaxTimeLimit"/>).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan TimeLimit { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan MaxTimeLimit { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a proposal may wait for its apply.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan ProposalLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Done and cancelled visits leave the grain's working set this long after they ended, so its state stays bounded.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "90.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(3);

    /// <summary>The time zone (IANA id) of the region's days and site hours; engineers' calendars carry their own.</summary>
    [Required]
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>The hours a unit's site receives engineers: inspection and relocation visits are booked inside them.</summary>
    public TimeOnly SiteOpens { get; set; } = new(8, 0);

    public TimeOnly SiteCloses { get; set; } = new(18, 0);

    /// <summary>How long an inspection visit takes.</summary>
    [Range(15, 24 * 60)]
    public int InspectionMinutes { get; set; } = 90;

    /// <summary>How long one step of a relocation takes on site.</summary>
    [Range(15, 24 * 60)]
    public int RelocationStepMinutes { get; set; } = 240;

    /// <summary>The width of a window offered to a customer (<c>GET /slots</c>).</summary>
    [Range(typeof(TimeSpan), "00:30:00", "12:00:00")]
    public TimeSpan SlotWidth { get; set; } = TimeSpan.FromHours(2);

    /// <summary>The visit length slots are offered for.</summary>
    [Range(15, 24 * 60)]
    public int SlotVisitMinutes { get; set; } = 60;

    /// <summary>How often the grain looks for visits running past their planned end (a spoiling event under <c>auto</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan OverrunCheckPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// What moving a planned visit to another engineer(-day) costs a re-plan, in km of travel (<see cref="Planning.PlannerSettings.MoveCostKm"/>):
    /// every move is a call to an engineer and often a customer, so a re-plan moves a visit only when it saves more than
    /// about a quarter of an hour of city driving; far below what lateness or an unplanned P1/P2 costs. 0: fresh plans.
    /// </summary>
    [Range(0, 1_000)]
    public double MoveCostKm { get; set; } = 10;

    /// <summary>
    /// Issue 18: fitting one visit in (a P1 booked) re-plans only it and the planned visits of this many engineers nearest
    /// its site who are qualified and on shift in its window; nobody else's route changes.
    /// </summary>
    [Range(1, 50)]
    public int InsertionEngineers { get; set; } = 3;

    /// <summary>How long OR-Tools searches when fitting one visit in: a P1's revised plan is due on the board within 2 s (issue 18),
    /// and a neighbourhood of a few engineers is small enough that a second finds its best.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan InsertionTimeLimit { get; set; } = TimeSpan.FromSeconds(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Shifts.IsKnownTimeZone(TimeZone)) yield return new ValidationResult($"'{TimeZone}' is not a known time zone.", [nameof(TimeZone)]);
        if (SiteCloses <= SiteOpens) yield return new ValidationResult("SiteCloses must be after SiteOpens.", [nameof(SiteCloses)]);
        if (TimeSpan.FromMinutes(Math.Max(InspectionMinutes, RelocationStepMinutes)) > SiteCloses - SiteOpens)
            yield return new ValidationResult("InspectionMinutes and RelocationStepMinutes must fit in the site hours.", [nameof(RelocationStepMinutes)]);
        if (MaxTimeLimit < TimeLimit) yield return new ValidationResult("MaxTimeLimit must not be below TimeLimit.", [nameof(MaxTimeLimit)]);
    }

    public TimeZoneInfo Zone => Shifts.Zone(TimeZone) ?? TimeZoneInfo.Utc;
}
