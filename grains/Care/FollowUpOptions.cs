using System.ComponentModel.DataAnnotations;

namespace ServiceGrid.Grains.Care;

/// <summary>The customer service center's follow-ups of closed cases (bound from <c>ServiceGrid:FollowUp</c>).</summary>
public sealed class FollowUpOptions
{
    public const string Section = "ServiceGrid:FollowUp";

    /// <summary>Service plan 4.7.5: the share of a quarter's closed cases drawn for a follow-up visit (at least one per region).</summary>
    [Range(0.0, 1.0)]
    public double VisitShare { get; set; } = 0.05;

    /// <summary>How many months back (this one included) the call-back list looks for closed cases without a survey.</summary>
    [Range(1, 24)]
    public int CallBackMonths { get; set; } = 2;

    /// <summary>How many months back the dissatisfied follow-up list looks: an investigation may take a while.</summary>
    [Range(1, 60)]
    public int FollowUpMonths { get; set; } = 12;

    /// <summary>The longest span of the satisfaction report, in months.</summary>
    [Range(1, 120)]
    public int MaxReportMonths { get; set; } = 24;
}

/// <summary>What a customer sees of their engineer on the way (bound from <c>ServiceGrid:Tracking</c>).</summary>
public sealed class TrackingOptions
{
    public const string Section = "ServiceGrid:Tracking";

    /// <summary>The road speed the arrival estimate assumes.</summary>
    [Range(5.0, 200.0)]
    public double RoadSpeedKmh { get; set; } = 40;

    /// <summary>The engineer's position is shown only within this distance of the site.</summary>
    [Range(0.0, 500.0)]
    public double RadiusKm { get; set; } = 30;

    /// <summary>The position is rounded to a grid of this many degrees (0.01° is about 1 km).</summary>
    [Range(0.0001, 1.0)]
    public double CoarsenDegrees { get; set; } = 0.01;
}
