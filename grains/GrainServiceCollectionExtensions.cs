using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ServiceGrid.Grains.Board;
using ServiceGrid.Grains.Organization;
using ServiceGrid.Grains.Sla;

namespace ServiceGrid.Grains;

public static class GrainServiceCollectionExtensions
{
    /// <summary>What the grains need from the process: the SLA policy and the board's batching (validated at start) and the organization cache.</summary>
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
        services.AddSingleton<OrganizationDirectory>();
        return services;
    }
}
