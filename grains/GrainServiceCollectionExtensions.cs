using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ServiceGrid.Grains.Board;
using ServiceGrid.Grains.Organization;
using ServiceGrid.Grains.ReadModel;
using ServiceGrid.Grains.Service;
using ServiceGrid.Grains.Sla;

namespace ServiceGrid.Grains;

public static class GrainServiceCollectionExtensions
{
    /// <summary>
    /// What the grains need from the process: the SLA policy, the board's batching, the parts and service options
    /// (validated at start), the organization cache, and the query tables' writer (none unless durable mode registered
    /// the PostgreSQL one).
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
        services.TryAddSingleton<ICaseTableWriter, NoCaseTableWriter>();
        return services;
    }
}
