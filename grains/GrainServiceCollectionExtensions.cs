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
    /// What the grains need from the process: the SLA policy, the board's batching, the parts, service and engineer options
    /// (validated at start) and the organization cache. The query tables' writer is durable mode's to register.
    /// </summary>
    public static IServiceCollection AddServiceGridGrains(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<SlaPolicy>(configuration, SlaPolicy.Section);
        services.AddValidatedOptions<BoardSequencerOptions>(configuration, BoardSequencerOptions.Section);
        services.AddValidatedOptions<PartsOptions>(configuration, PartsOptions.Section);
        services.AddValidatedOptions<ServiceOptions>(configuration, ServiceOptions.Section);
        services.AddValidatedOptions<EngineerOptions>(configuration, EngineerOptions.Section);
        services.AddSingleton<OrganizationDirectory>();
        return services;
    }

    /// <summary>Binds <typeparamref name="TOptions"/> to <paramref name="section"/>; its data annotations are checked at start.</summary>
    public static IServiceCollection AddValidatedOptions<TOptions>(this IServiceCollection services, IConfiguration configuration, string section) where TOptions : class
    {
        services.AddOptions<TOptions>()
            .Bind(configuration.GetSection(section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }
}
