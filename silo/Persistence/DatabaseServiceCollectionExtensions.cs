using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace ServiceGrid.Silo.Persistence;

public static class DatabaseServiceCollectionExtensions
{
    /// <summary>
    /// Durable mode: one <see cref="NpgsqlDataSource"/> (one connection pool) per process for ServiceGrid's own SQL, and
    /// the query tables on it. Safe to call from both the silo and the web configuration of a cohosted process.
    /// </summary>
    public static IServiceCollection AddServiceGridDatabase(this IServiceCollection services, string connectionString)
    {
        services.TryAddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.TryAddSingleton<CaseTable>();
        return services;
    }
}
