using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ServiceGrid.Grains.Board;
using ServiceGrid.Grains.Organization;
using ServiceGrid.Grains.Service;
using ServiceGrid.Grains.Sla;

namespace ServiceGrid.Grains;

public static class GrainServiceCollectionExtensions
{
    /// <summary>
    /// What the grains need from the process: the SLA policy, the board's batching, the parts and service options
    /// (validated at start) and the organization cache. The query tables' writer is durable mode's to register.
    /// </summary>
    public static IServiceCollection AddServiceGridGrains(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SlaPolicy>()
            .Bind(configuration.GetSection(SlaPolicy.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<BoardSequencerOptions>()
            .Bind(configuration.GetSection(BoardSequencerOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<PartsOptions>()
            .Bind(configuration.GetSection(PartsOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<ServiceOptions>()
            .Bind(configuration.GetSection(ServiceOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<OrganizationDirectory>();
        return services;
    }
}
