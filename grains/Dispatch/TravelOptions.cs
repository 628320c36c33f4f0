using System.ComponentModel.DataAnnotations;

namespace ServiceGrid.Grains.Dispatch;

/// <summary>How a road distance and a drive's duration are estimated from a straight line (bound from <c>ServiceGrid:Travel</c>).</summary>
public sealed class TravelOptions : IValidatableObject
{
    public const string Section = "ServiceGrid:Travel";

    /// <summary>Road kilometres per straight-line kilometre.</summary>
    [Range(1.0, 5.0)]
    public double RoadFactor { get; set; } = 1.3;

    /// <summary>Average speed of a service van, door to door.</summary>
    [Range(5.0, 200.0)]
    public double SpeedKmh { get; set; } = 40;

    /// <summary>Per region (key: its id), where roads or traffic differ from the defaults.</summary>
    public Dictionary<string, RegionTravel> Regions { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        Regions.SelectMany(region =>
        {
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(region.Value, new ValidationContext(region.Value), results, validateAllProperties: true);
            return results.Select(result => new ValidationResult($"Regions:{region.Key}: {result.ErrorMessage}", [$"Regions:{region.Key}"]));
        });
}

/// <summary>One region's road factor and speed.</summary>
public sealed class RegionTravel
{
    [Range(1.0, 5.0)]
    public double RoadFactor { get; set; } = 1.3;

    [Range(5.0, 200.0)]
    public double SpeedKmh { get; set; } = 40;
}
