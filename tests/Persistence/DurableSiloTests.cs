using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using ServiceGrid.Board;
using ServiceGrid.Cases;
using ServiceGrid.Events;
using ServiceGrid.Organization;
using ServiceGrid.Silo.Hosting;
using ServiceGrid.Silo.Persistence;
using ServiceGrid.Tests.Infrastructure;

namespace ServiceGrid.Tests.Persistence;

/// <summary>A real silo in durable mode: it migrates its database at start and each Orleans provider works against it.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DurableSiloTests(PostgresServer server)
{
    const int Active = 3, Dead = 6;

    [Fact]
    public async Task A_silo_migrates_an_empty_database_and_registers_itself_as_active_in_the_membership_table()
    {
        var database = await server.CreateDatabaseAsync("silo_membership");
        await using var silo = await DurableSilo.StartAsync(database, "membership");

        Assert.Equal((long)Migration.All.Count, await Database.ScalarAsync<long>(database, "SELECT count(*) FROM servicegrid_migrations"));
        Assert.Equal([$"{silo.SiloPort}|{Active}"], await Database.RowsAsync(database,
            "SELECT port, status FROM orleansmembershiptable WHERE deploymentid = 'membership'"));
    }

    [Fact]
    public async Task Two_silos_starting_together_on_an_empty_database_migrate_it_once_and_both_join()
    {
        var database = await server.CreateDatabaseAsync("silo_pair");

        var silos = await Task.WhenAll(DurableSilo.StartAsync(database, "pair"), DurableSilo.StartAsync(database, "pair"));
        try
        {
            Assert.Equal((long)Migration.All.Count, await Database.ScalarAsync<long>(database, "SELECT count(*) FROM servicegrid_migrations"));
            Assert.True(await Database.EventuallyAsync(async () => await Database.ScalarAsync<long>(database,
                $"SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = 'pair' AND status = {Active}") == 2, TimeSpan.FromSeconds(10)));
        }
        finally
        {
            foreach (var silo in silos) await silo.DisposeAsync();
        }
    }

    [Fact]
    public async Task Grain_state_written_before_a_restart_is_read_back_after_it()
    {
        var database = await server.CreateDatabaseAsync("silo_persistence");
        var profile = new DepotProfile("Depot Beijing", "north", "beijing");
        ImmutableArray<StockLine> stock = [new("PUMP-01", 5, 0), new("SEAL-02", 20, 0)];

        await using (var first = await DurableSilo.StartAsync(database, "persistence"))
            await first.Grains.GetGrain<IDepotGrain>("depot-beijing").Register(profile, stock);
        Assert.True(await Database.ScalarAsync<long>(database, "SELECT count(*) FROM orleansstorage WHERE serviceid = 'persistence'") > 0);

        await using var second = await DurableSilo.StartAsync(database, "persistence");
        var stored = await second.Grains.GetGrain<IDepotGrain>("depot-beijing").GetStock();

        Assert.Equal(stock, stored);
    }

    [Fact]
    public async Task An_open_case_registers_its_sla_reminder_in_the_reminder_table()
    {
        var database = await server.CreateDatabaseAsync("silo_reminders");
        await using var silo = await DurableSilo.StartAsync(database, "reminders");
        await SeedNorthAsync(silo.Grains);

        var opened = await silo.Grains.GetGrain<ICaseGrain>("case-pg-1").Open(new OpenCase
        {
            CustomerId = "cust-pg-1", Kind = CaseKind.Service, Severity = Severity.P1, Channel = Channel.Hotline,
            Title = "Spindle stalls", Description = "Stops under load", Region = "north", Actor = "csc",
        });

        const string Reminder = "FROM orleansreminderstable WHERE serviceid = 'reminders' AND remindername = 'sla-deadline' AND grainid LIKE '%case-pg-1'";
        Assert.True(await Database.EventuallyAsync(async () => await Database.ScalarAsync<long>(database, $"SELECT count(*) {Reminder}") == 1,
            TimeSpan.FromSeconds(15)));
        // Not at the first deadline (at risk after 45 minutes): the version was not yet in the query tables when the
        // reminder was written, so it ticks within the minute, to bring the case back if this silo dies before they have it.
        var firstTick = await Database.ScalarAsync<DateTime>(database, $"SELECT starttime {Reminder}");
        Assert.InRange(firstTick, opened.OpenedAt.UtcDateTime, opened.OpenedAt.UtcDateTime.AddMinutes(1).AddSeconds(1));
    }

    [Fact]
    public async Task Cleanup_of_defunct_silos_deletes_old_dead_entries_and_keeps_the_live_silo()
    {
        var database = await server.CreateDatabaseAsync("silo_cleanup");
        await using var silo = await DurableSilo.StartAsync(database, "cleanup");
        await Database.ExecuteAsync(database, $"""
            INSERT INTO orleansmembershiptable (deploymentid, address, port, generation, siloname, hostname, status, proxyport, starttime, iamalivetime)
            VALUES ('cleanup', '10.9.9.9', 11111, 1, 'gone', 'gone-host', {Dead}, 30000, now() - interval '2 days', now() - interval '2 days')
            """);

        await silo.Services.GetRequiredService<IMembershipTable>().CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddHours(-1));

        Assert.Equal([$"{silo.SiloPort}|{Active}"], await Database.RowsAsync(database,
            "SELECT port, status FROM orleansmembershiptable WHERE deploymentid = 'cleanup'"));
    }

    [Fact]
    public async Task After_a_restart_the_region_the_alert_log_and_the_board_show_the_open_cases_engineers_and_alerts_stored_before_it()
    {
        var database = await server.CreateDatabaseAsync("silo_read_models");
        CaseView open, claimed;
        await using (var first = await DurableSilo.StartAsync(database, "read-models"))
        {
            await SeedNorthAsync(first.Grains);
            open = await OpenNorthAsync(first.Grains, "case-rm-1", Severity.P1);
            await OpenNorthAsync(first.Grains, "case-rm-2");
            claimed = await first.Grains.GetGrain<ICaseGrain>("case-rm-2").Claim("beijing", "beijing-dispatch");
            await first.Grains.GetGrain<IEngineerGrain>("eng-rm-1").Register(new EngineerProfile("Li Wei", "beijing", "north", new GeoPoint(39.9, 116.4)));
            await CasesTableHoldsAsync(database, open, claimed);
        }
        // Nothing but the stored state can bring them back: no reminder activates the cases, and nothing here asks them.
        await Database.ExecuteAsync(database, "DELETE FROM orleansreminderstable");

        await using var second = await DurableSilo.StartAsync(database, "read-models");

        var region = second.Grains.GetGrain<IRegionGrain>("north");
        Assert.Equal(Versions(open, claimed), Versions([.. await region.GetActive()]));
        Assert.Equal([claimed.Id], (await region.GetQueue("beijing")).Where(c => c.BranchId == "beijing").Select(c => c.Id));
        Assert.Equal(["eng-rm-1"], (await region.GetEngineers("beijing")).Select(e => e.Id));
        var board = await second.Grains.GetGrain<IBoardScopeGrain>(BoardScopes.Headquarters).Snapshot();
        Assert.Equal(Versions(open, claimed), board.Cases.Select(row => $"{row.Id}@{row.Version}").Order(StringComparer.Ordinal));
        Assert.Equal(["eng-rm-1"], board.Engineers.Select(e => e.Id));
        // The P1 alert, derived again from the timeline in case_events.
        var majorCaseOpened = $"{open.Id}:1:majorCaseOpened";
        Assert.Equal([majorCaseOpened], (await second.Grains.GetGrain<IAlertLogGrain>(GridStreams.AllKey).Since(null, 10)).Select(a => a.Id));
        Assert.Equal([majorCaseOpened], board.Alerts.Select(a => a.Id));
    }

    [Fact]
    public async Task A_repair_brings_the_region_and_the_board_up_to_the_versions_the_cases_table_holds()
    {
        var database = await server.CreateDatabaseAsync("silo_repair");
        await using var silo = await DurableSilo.StartAsync(database, "repair");
        await SeedNorthAsync(silo.Grains);
        var changed = await OpenNorthAsync(silo.Grains, "case-rp-1");
        var closed = await OpenNorthAsync(silo.Grains, "case-rp-2");
        await CasesTableHoldsAsync(database, changed, closed);
        var region = silo.Grains.GetGrain<IRegionGrain>("north");
        var hq = silo.Grains.GetGrain<IBoardScopeGrain>(BoardScopes.Headquarters);
        Assert.True(await Database.EventuallyAsync(async () =>
            (await hq.Snapshot()).Cases.Length == 2, TimeSpan.FromSeconds(5)), "the board to show both cases");

        // Versions the tables hold that the read models never heard of, as when the streams lose them with a silo.
        await Database.ExecuteAsync(database, """
            UPDATE cases SET version = 2, view = jsonb_set(jsonb_set(view, '{version}', '2'), '{title}', '"Spindle replaced"')
            WHERE id = $1
            """, changed.Id);
        await Database.ExecuteAsync(database, """
            INSERT INTO case_events (case_id, version, at, type, actor, entry)
            SELECT case_id, 2, at, 'slaBreached', 'sla', jsonb_set(jsonb_set(entry, '{version}', '2'), '{type}', '"slaBreached"')
            FROM case_events WHERE case_id = $1 AND version = 1
            """, changed.Id);
        await Database.ExecuteAsync(database, """
            UPDATE cases SET version = 2, state = 'closed', view = jsonb_set(jsonb_set(view, '{version}', '2'), '{state}', '"closed"')
            WHERE id = $1
            """, closed.Id);
        await silo.Services.GetRequiredService<ReadModelRepair>().RepairAsync();

        var active = Assert.Single(await region.GetActive());
        Assert.Equal((changed.Id, 2, "Spindle replaced"), (active.Id, active.Version, active.Title));
        Assert.True(await Database.EventuallyAsync(async () =>
            (await hq.Snapshot()).Cases is [{ Version: 2 } row] && row.Id == changed.Id, TimeSpan.FromSeconds(5)),
            "the board to show the changed case at version 2, and not the closed one");
        var breached = $"{changed.Id}:2:slaBreached";
        Assert.Contains(breached, (await silo.Grains.GetGrain<IAlertLogGrain>(GridStreams.AllKey).Since(null, 10)).Select(a => a.Id));
        Assert.Contains(breached, (await hq.Snapshot()).Alerts.Select(a => a.Id));
    }

    internal static Task<CaseView> OpenNorthAsync(IGrainFactory grains, string id, Severity severity = Severity.P3) => grains.GetGrain<ICaseGrain>(id).Open(new OpenCase
    {
        CustomerId = "cust-pg-1", Kind = CaseKind.Service, Severity = severity, Channel = Channel.Hotline,
        Title = "Spindle vibrates", Description = "Above 8000 rpm", Region = "north", Actor = "csc",
    });

    static async Task CasesTableHoldsAsync(string database, params CaseView[] cases) =>
        Assert.True(await Database.EventuallyAsync(async () =>
            (await Database.RowsAsync(database, "SELECT id || '@' || version FROM cases ORDER BY id COLLATE \"C\"")).SequenceEqual(Versions(cases)),
            TimeSpan.FromSeconds(15)), "the cases table to hold the cases at their versions");

    static List<string> Versions(params CaseView[] cases) => [.. cases.Select(c => $"{c.Id}@{c.Version}").Order(StringComparer.Ordinal)];

    internal static async Task SeedNorthAsync(IGrainFactory grains)
    {
        var beijing = new GeoPoint(39.90, 116.40);
        await grains.GetGrain<IOrganizationGrain>(IOrganizationGrain.Key).Define(
            [new RegionProfile("north", "North", [new BranchProfile("beijing", "beijing", "north", beijing, "depot-beijing")])], onlyIfEmpty: true);
        await grains.GetGrain<ICustomerGrain>("cust-pg-1").Register(new CustomerView(
            "cust-pg-1", "Beijing Precision Works", [new CustomerSite("Plant 1", beijing, "north")],
            [new EquipmentUnit("SN-PG-1", "CNC-5000", new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero), 0)]));
    }
}
