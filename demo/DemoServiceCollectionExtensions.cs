using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ServiceGrid.Grains.Service;

namespace ServiceGrid.Demo;

public static class DemoServiceCollectionExtensions
{
    /// <summary>
    /// The demo organization loader and the traffic simulator, each switched on by <see cref="DemoOptions"/>; both
    /// default to on in embedded mode and off in durable mode (API.md "Configuration").
    /// </summary>
    public static IServiceCollection AddServiceGridDemo(this IServiceCollection services, IConfiguration configuration, bool embedded)
    {
        services.AddOptions<DemoOptions>()
            .Bind(configuration.GetSection(DemoOptions.Section))
            .PostConfigure(options =>
            {
                options.Organization ??= embedded;
                options.Traffic ??= embedded;
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // With the demo organization, inspections due in the week before start are opened at once (unless configured).
        services.AddOptions<ServiceOptions>().PostConfigure<IOptions<DemoOptions>>((service, demo) =>
        {
            if (demo.Value.Organization == true && configuration[$"{ServiceOptions.Section}:{nameof(ServiceOptions.InitialLookBack)}"] is null)
                service.InitialLookBack = TimeSpan.FromDays(7);
        });
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider =>
        {
            var demo = provider.GetRequiredService<IOptions<DemoOptions>>().Value;
            return DemoOrganization.Create(demo.Seed, demo.Customers);
        });
        services.AddSingleton<DemoLoader>();
        services.AddHostedService<DemoSeeder>();

        // The simulator's parts hold its in-memory state; they are used from its one loop only.
        services.AddSingleton<CasePlanner>();
        services.AddSingleton<EngineerMover>();
        services.AddSingleton<EngineerFinder>();
        services.AddSingleton<PartsDesk>();
        services.AddSingleton<CaseStepper>();
        services.AddSingleton<ScheduledWork>();
        services.AddHostedService<TrafficSimulator>();
        return services;
    }
}
