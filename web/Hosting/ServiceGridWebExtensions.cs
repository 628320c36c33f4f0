using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using ServiceGrid.Silo.Hosting;
using ServiceGrid.Web.Api;
using ServiceGrid.Web.Security;

namespace ServiceGrid.Web.Hosting;

public static class ServiceGridWebExtensions
{
    /// <summary>Orleans (a cohosted silo or a cluster client), the JSON contract, problem details and health checks.</summary>
    public static WebApplicationBuilder AddServiceGrid(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var host = ServiceGridHostOptions.From(configuration);
        if (host.Cohosted)
            builder.UseOrleans(silo => silo.ConfigureServiceGrid(configuration));
        else
            builder.UseOrleansClient(client => client.ConfigureServiceGridClient(configuration));

        var services = builder.Services;
        services.AddValidatedOptions<HttpLimits>(configuration, HttpLimits.Section);
        services.Configure<JsonOptions>(json => ConfigureContract(json.SerializerOptions));
        // Malformed bodies and parameters throw, so that one handler answers every failure with problem details.
        services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        services.AddRouting(routes => routes.ConstraintMap[GridIdConstraint.Name] = typeof(GridIdConstraint));
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions.TryAdd("traceId", context.HttpContext.TraceIdentifier));
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddServiceGridHealthChecks(host);
        services.AddReadSide(host);
        builder.AddServiceGridSecurity(embedded: !host.IsDurable);
        return builder;
    }

    public static WebApplication UseServiceGrid(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseServiceGridSecurity();
        // The pages (board, reports) and their vendored libraries are plain files under wwwroot, served under the same headers.
        app.UseDefaultFiles();
        app.UseStaticFiles();
        StartupBanner.PrintWhenStarted(app);
        return app;
    }

    /// <summary>API.md: camelCase JSON, enums as camelCase strings (severities as <c>P1</c>…<c>P5</c>).</summary>
    public static JsonSerializerOptions ConfigureContract(JsonSerializerOptions json) => ContractJson.Configure(json);
}
