using System.ComponentModel.DataAnnotations;

namespace ServiceGrid.Web.Board;

/// <summary>What the board pages need from configuration (section <c>ServiceGrid:Board</c>).</summary>
public sealed class BoardOptions : IValidatableObject
{
    public const string Section = "ServiceGrid:Board";

    /// <summary>An optional tile server (<c>https://tiles.example/{z}/{x}/{y}.png</c>) drawn under the offline
    /// province outlines; the target network may have none, so the pages never need it.</summary>
    public string? TileUrl { get; set; }

    /// <summary>How often each web node checks that the cluster still holds its board subscriptions and asks the sequencers
    /// for events it may have missed (BoardRelay).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan SubscriptionCheckPeriod { get; set; } = TimeSpan.FromSeconds(5);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrEmpty(TileUrl)) yield break;
        if (!Uri.TryCreate(TileUrl.Replace("{", "").Replace("}", ""), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || !(TileUrl.Contains("{z}") && TileUrl.Contains("{x}") && TileUrl.Contains("{y}")))
            yield return new ValidationResult("ServiceGrid:Board:TileUrl must be an http(s) URL template with {z}, {x} and {y}.", [nameof(TileUrl)]);
    }
}
