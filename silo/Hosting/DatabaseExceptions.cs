using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace ServiceGrid.Silo.Hosting;

/// <summary>
/// Lets a PostgreSQL failure in a grain (its storage unreachable) reach the caller as what it is. Orleans serializes
/// exceptions only from the namespaces it knows (System, Microsoft, Orleans…): an <c>NpgsqlException</c> thrown by the
/// ADO.NET storage provider made the silo fail to send the response ("Could not find a codec for type
/// Npgsql.PostgresException", observed with Orleans 10.4.2), so the web could not tell an outage (503) from a bug (500).
/// Silos and clients both need it: one writes the exception, the other reads it.
/// </summary>
static class DatabaseExceptions
{
    public static IServiceCollection AddDatabaseExceptionSerialization(this IServiceCollection services) =>
        services.Configure<ExceptionSerializationOptions>(options =>
        {
            if (!options.SupportedNamespacePrefixes.Contains("Npgsql")) options.SupportedNamespacePrefixes.Add("Npgsql");
        });
}
