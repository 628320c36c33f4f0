namespace ServiceGrid.Web.Security;

/// <summary>
/// Headers that keep the pages from being framed, sniffed or made to run injected script: the pages load scripts
/// only from this origin (no inline script), and an optional map tile server may serve images.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next, IConfiguration configuration)
{
    readonly string _contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        + $"img-src 'self' data: {TileOrigin(configuration["ServiceGrid:Board:TileUrl"])}; "
        + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = _contentSecurityPolicy;
        headers["Referrer-Policy"] = "no-referrer";
        return next(context);
    }

    /// <summary>The origin of a tile URL template such as <c>https://{s}.tiles.example/{z}/{x}/{y}.png</c>.</summary>
    static string TileOrigin(string? tileUrl)
    {
        if (string.IsNullOrWhiteSpace(tileUrl)) return "";
        var anySubdomain = tileUrl.Contains("{s}.", StringComparison.Ordinal);
        return Uri.TryCreate(tileUrl.Replace("{s}.", ""), UriKind.Absolute, out var uri)
            ? $"{uri.Scheme}://{(anySubdomain ? "*." : "")}{uri.Authority}"
            : "";
    }
}
