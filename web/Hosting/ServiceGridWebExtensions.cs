using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using ServiceGrid.Silo.Hosting;
using ServiceGrid.Web.Api;
using ServiceGrid.Telemetry;
using ServiceGrid.Web.Field;
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
        {
            builder.UseOrleans(silo => silo.ConfigureServiceGrid(configuration));
            builder.Services.AddSingleton(ClusterConnection.Cohosted());
        }
        else
        {
            builder.UseOrleansClientInBackground(configuration);
        }

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
        services.AddServiceGridApiDocumentation();
        services.TryAddSingleton<ServiceGridMetrics>();
        services.AddServiceGridTelemetry(configuration, "servicegrid-web",
            tracing: traces => traces
                .AddAspNetCoreInstrumentation(http => http.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                .AddSource("Microsoft.AspNetCore.SignalR.Server"),
            metrics: meters => meters.AddAspNetCoreInstrumentation());
        builder.AddServiceGridSecurity(embedded: !host.IsDurable);
        return builder;
    }

    public static WebApplication UseServiceGrid(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseServiceGridSecurity();
        app.UseMiddleware<CaseCommandBodyBuffering>();
        // After authentication, which does not need the cluster: a call without a valid token is still answered 401.
        app.UseMiddleware<ClusterGate>();
        // The pages (board, reports) and their vendored libraries are plain files under wwwroot, served under the same headers.
        app.UseDefaultFiles();
        app.UseStaticFiles();
        StartupBanner.PrintWhenStarted(app);
        return app;
    }

    /// <summary>
    /// The Orleans client of an <c>external</c> node, whose hosted service (the one <c>UseOrleansClient</c> adds) is
    /// started by <see cref="ClusterConnection"/> in the background instead of blocking the web host's start.
    /// </summary>
    static void UseOrleansClientInBackground(this WebApplicationBuilder builder, IConfiguration configuration)
    {
        var services = builder.Services;
        var before = services.Where(IsHostedService).ToHashSet();
        builder.UseOrleansClient(client => client.ConfigureServiceGridClient(configuration));
        if (services.Where(IsHostedService).Except(before).ToList() is not [{ ImplementationFactory: { } orleansClient } added])
            throw new InvalidOperationException("UseOrleansClient no longer adds exactly one hosted service made by a factory: see ClusterConnection.");
        services.AddSingleton(provider => ClusterConnection.External((IHostedService)orleansClient(provider),
            provider.GetRequiredService<IHostApplicationLifetime>(), provider.GetRequiredService<ILogger<ClusterConnection>>()));
        services[services.IndexOf(added)] = ServiceDescriptor.Singleton<IHostedService>(provider => provider.GetRequiredService<ClusterConnection>());

        static bool IsHostedService(ServiceDescriptor service) => service.ServiceType == typeof(IHostedService);
    }

    /// <summary>API.md: camelCase JSON, enums as camelCase strings (severities as <c>P1</c>…<c>P5</c>).</summary>
    public static JsonSerializerOptions ConfigureContract(JsonSerializerOptions json) => ContractJson.Configure(json);
}
