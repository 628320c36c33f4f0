using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace ServiceGrid.Web.Hosting;

/// <summary>
/// Caps every request body at <see cref="HttpLimits.MaxRequestBodyBytes"/> (or its route's own limit): a declared length over the cap is refused
/// before anything is read, and the server stops reading an undeclared (chunked) body at the cap.
/// </summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<HttpLimits> limits)
{
    public Task InvokeAsync(HttpContext context)
    {
        // A route that takes more (a signature image) says so with its own limit.
        var max = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? limits.Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > max)
            throw new BadHttpRequestException($"The request body is larger than {max} bytes.", StatusCodes.Status413PayloadTooLarge);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            feature.MaxRequestBodySize = max;
        return next(context);
    }
}
