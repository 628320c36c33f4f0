using System.Globalization;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using ServiceGrid.Cases;
using ServiceGrid.Grains.Reports;
using ServiceGrid.Reports;

namespace ServiceGrid.Silo.Persistence;

/// <summary>
/// Durable mode: the month's cases read from the <c>cases</c> table (opened in the month, UTC, by its index on
/// <c>opened_at</c>), each at the latest version projected, folded through the same <see cref="MonthlyReports"/>
/// functions as the report grains, so both modes count alike.
/// </summary>
public sealed class TableMonthlyReportSource(NpgsqlDataSource database) : IMonthlyReportSource
{
    const string MonthCases = """
        SELECT view::text FROM cases
        WHERE opened_at >= $1 AND opened_at < $2 AND ($3::text IS NULL OR region = $3)
        """;

    public async Task<MonthlyReport> GetAsync(string month, string? region, CancellationToken cancellationToken)
    {
        var from = DateTime.ParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        await using var command = database.CreateCommand(MonthCases);
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = from });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = from.AddMonths(1) });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)region ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });

        var figures = MonthlyFigures.Empty;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            figures = MonthlyReports.Add(figures, MonthlyReports.Facts(JsonSerializer.Deserialize<CaseView>(reader.GetString(0), ContractJson.Options)!));
        return MonthlyReports.Build(month, region, figures);
    }
}
