using ServiceGrid.Events;
using ServiceGrid.Grains.Organization;
using ServiceGrid.Grains.Reports;
using ServiceGrid.Organization;
using ServiceGrid.Reports;
using ServiceGrid.Silo.Hosting;
using ServiceGrid.Silo.Persistence;
using ServiceGrid.Web.Api;
using ServiceGrid.Web.Field;
using ServiceGrid.Cases;

namespace ServiceGrid.Web.Hosting;

/// <summary>
/// What the endpoints read besides grain calls, chosen here once by mode, so that no endpoint asks which mode it runs in:
/// durable mode reads the query tables, embedded mode the grains' read models.
/// </summary>
public static class ReadSideServices
{
    public static IServiceCollection AddReadSide(this IServiceCollection services, ServiceGridHostOptions host)
    {
        // The silo (cohosted) or the cluster client (external) registers the directory itself.
        services.AddSingleton<IOrganizationDirectory>(provider => provider.GetRequiredService<OrganizationDirectory>());
        if (host.IsDurable)
        {
            services.AddServiceGridDatabase(host.PooledConnectionString!)
                .AddSingleton<ICaseListSource, TableCaseList>()
                .AddSingleton<IMonthlyReportSource, TableMonthlyReportSource>()
                .AddSingleton<IIdempotencyStore, IdempotencyTable>()
                .AddSingleton<IAttachmentStore, AttachmentTable>();
        }
        else
        {
            services.AddSingleton<ICaseListSource, RegionCaseList>()
                .AddSingleton<IMonthlyReportSource, GrainMonthlyReportSource>()
                .AddSingleton<IIdempotencyStore, InMemoryIdempotencyStore>()
                .AddSingleton<IAttachmentStore, InMemoryAttachmentStore>();
        }
        return services;
    }
}
