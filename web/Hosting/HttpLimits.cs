using System.ComponentModel.DataAnnotations;

namespace ServiceGrid.Web.Hosting;

/// <summary>Limits on what one request may ask of the service (bound from <c>ServiceGrid:Http</c>).</summary>
public sealed class HttpLimits
{
    public const string Section = "ServiceGrid:Http";

    /// <summary>The largest request body accepted; a case with a long description and a parts list fits in far less.</summary>
    [Range(1_024, 10 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;
}
