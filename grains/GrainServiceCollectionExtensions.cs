using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ServiceGrid.Grains.Board;
using ServiceGrid.Grains.Care;
using ServiceGrid.Grains.Cases;
using ServiceGrid.Grains.Dispatch;
using ServiceGrid.Grains.Organization;
using ServiceGrid.Grains.ReadModel;
using ServiceGrid.Grains.Schedule;
using ServiceGrid.Grains.Service;
using ServiceGrid.Grains.Sla;
using ServiceGrid.Telemetry;

namespace ServiceGrid.Grains;

public static class GrainServiceCollectionExtensions
{
    /// <summary>
    /// What the grains need from the process: the SLA policy, the board's batching, the parts, service, engineer, case and
    /// read-model options (validated at start), the organization cache and the cases' intake. The case tables' writer and
    /// reader are the mode's to register (durable: the database's; embedded: <see cref="AddInMemoryCaseTables"/>).
    /// </summary>
    public static IServiceCollection AddServiceGridGrains(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<SlaPolicy>(configuration, SlaPolicy.Section);
        services.AddValidatedOptions<BoardSequencerOptions>(configuration, BoardSequencerOptions.Section);
        services.AddValidatedOptions<PartsOptions>(configuration, PartsOptions.Section);
        services.AddValidatedOptions<ServiceOptions>(configuration, ServiceOptions.Section);
        services.AddValidatedOptions<EngineerOptions>(configuration, EngineerOptions.Section);
        services.AddValidatedOptions<CaseOptions>(configuration, CaseOptions.Section);
        services.AddValidatedOptions<ReadModelOptions>(configuration, ReadModelOptions.Section);
        services.AddValidatedOptions<DispatchOptions>(configuration, DispatchOptions.Section);
        services.AddValidatedOptions<TravelOptions>(configuration, TravelOptions.Section);
        services.AddSingleton<ITravelTimes, StraightLineTravelTimes>();
        services.AddValidatedOptions<ScheduleOptions>(configuration, ScheduleOptions.Section);
        services.TryAddSingleton<ServiceGrid.Planning.IRoutePlanner, ServiceGrid.Planning.OrToolsPlanner>();
        services.AddValidatedOptions<CaseCommandOptions>(configuration, CaseCommandOptions.Section);
        services.AddValidatedOptions<CustomerSearchOptions>(configuration, CustomerSearchOptions.Section);
        services.AddValidatedOptions<FollowUpOptions>(configuration, FollowUpOptions.Section);
        services.AddValidatedOptions<TrackingOptions>(configuration, TrackingOptions.Section);
        services.AddSingleton<OrganizationDirectory>();
        services.AddSingleton<CaseIntake>();
        services.TryAddSingleton<ServiceGridMetrics>();
        return services;
    }

    /// <summary>Embedded mode's case tables (<see cref="InMemoryCaseTables"/>); durable mode registers the database's instead.</summary>
    public static IServiceCollection AddInMemoryCaseTables(this IServiceCollection services)
    {
        services.AddSingleton<InMemoryCaseTables>();
        services.AddSingleton<ICaseTableWriter>(provider => provider.GetRequiredService<InMemoryCaseTables>());
        services.AddSingleton<ICaseTableReader>(provider => provider.GetRequiredService<InMemoryCaseTables>());
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
