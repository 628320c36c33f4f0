using ServiceGrid.Reports;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using ServiceGrid.Cases;
using ServiceGrid.Events;
using ServiceGrid.Silo.Persistence;
using ServiceGrid.Tests.Infrastructure;

namespace ServiceGrid.Tests.Persistence;

/// <summary>Durable mode's monthly report: the month's rows of the <c>cases</c> table, counted like the report grains count.</summary>
[Collection(PostgresCollection.Name)]
public sealed class MonthlyReportTableTests(PostgresServer server)
{
    static CaseView View(string id, string region, DateTimeOffset openedAt, CaseKind kind, int? score, int version = 1) => new()
    {
        Id = id, Version = version, Kind = kind, Severity = Severity.P3, Channel = Channel.Hotline, State = CaseState.Closed,
        Region = region, Tier = 3, CustomerId = "cust", Title = "t", Description = "d", OpenedAt = openedAt, UpdatedAt = openedAt,
        Sla = new SlaView(
            new MilestoneView(openedAt.AddHours(1), MilestoneStatus.Met, openedAt.AddMinutes(30)),
            new MilestoneView(openedAt.AddHours(24), MilestoneStatus.Breached, openedAt.AddHours(30)),
            new MilestoneView(null, MilestoneStatus.NotApplicable, null)),
        Survey = score is { } s ? new SurveyView(s, null, openedAt.AddDays(1)) : null,
        Timeline = [],
    };

    static CaseChanged Changed(CaseView view) =>
        new(view, [.. Enumerable.Range(1, view.Version).Select(v => new TimelineEntry { Version = v, At = view.OpenedAt, Type = "opened", Actor = "csc" })]);

    [Fact]
    public async Task The_report_counts_the_cases_opened_in_the_utc_month_at_their_latest_version_in_one_region_or_all()
    {
        var connectionString = await server.CreateDatabaseAsync("monthly_report");
        await new PostgresMigrator(NullLogger<PostgresMigrator>.Instance).MigrateAsync(connectionString, Migration.All);
        await using var database = NpgsqlDataSource.Create(connectionString);
        var table = new CaseTable(database);
        var march = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        await table.WriteAsync([
            Changed(View("a", "north", march, CaseKind.Service, 5)),
            Changed(View("b", "north", march.AddDays(30).AddHours(23), CaseKind.Complaint, 2)),
            Changed(View("c", "east", march.AddDays(10), CaseKind.Service, null)),
            Changed(View("before", "north", march.AddSeconds(-1), CaseKind.Service, 1)),
            Changed(View("after", "north", march.AddMonths(1), CaseKind.Service, 1)),
        ], CancellationToken.None);
        await table.WriteAsync([Changed(View("c", "east", march.AddDays(10), CaseKind.Service, 3, version: 2))], CancellationToken.None);
        var source = new TableMonthlyReportSource(database);

        var north = await source.GetAsync("2026-03", "north", CancellationToken.None);
        var all = await source.GetAsync("2026-03", null, CancellationToken.None);

        Assert.Equal((2, 1, 50.0), (north.Cases, north.Complaints, north.Satisfaction.Rate));
        Assert.Equal((3, 3, 66.7), (all.Cases, all.Satisfaction.Surveys, all.Satisfaction.Rate));
        Assert.Equal(new MilestoneCompliance(3, 0, 100.0), all.Sla.Response);
        Assert.Equal(new MilestoneCompliance(0, 3, 0.0), all.Sla.Onsite);
        Assert.Equal(30.0, all.MeanTimes.ResponseMinutes);
        Assert.Null(all.Region);
    }
}
