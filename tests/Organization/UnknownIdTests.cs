using ServiceGrid.Cases;
using ServiceGrid.Grains;
using ServiceGrid.Grains.Cases;
using ServiceGrid.Grains.Organization;
using ServiceGrid.Organization;
using ServiceGrid.Tests.Infrastructure;
using static ServiceGrid.Tests.Infrastructure.TestOrganization;

namespace ServiceGrid.Tests.OrganizationGrains;

/// <summary>Made-up ids answer null or NotFound and leave no record in storage.</summary>
[Collection(ClusterCollection.Name)]
public sealed class UnknownIdTests(ClusterFixture fixture)
{
    readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task Every_command_on_an_unknown_case_is_not_found_and_nothing_is_stored()
    {
        var grain = _grains.GetGrain<ICaseGrain>($"made-up-{Guid.NewGuid():N}");
        var engineerId = await _grains.NewEngineerAsync(Beijing);

        Assert.Null(await grain.Get());
        Func<Task>[] commands =
        [
            () => grain.Claim(Beijing, "b"),
            () => grain.Dispatch(engineerId, "b"),
            () => grain.Respond("n", "e"),
            () => grain.Arrive("e"),
            () => grain.Resolve(new ResolveCase { Summary = "s", Actor = "e" }),
            () => grain.Close("c"),
            () => grain.Escalate("r", "c"),
            () => grain.Reassign(new ReassignCase(Tianjin, null, "hq")),
            () => grain.Survey(5, null, "cust"),
            () => grain.Cancel("r", "c"),
            () => grain.Pause("r", "c"),
            () => grain.Resume("r", "c"),
        ];
        foreach (var command in commands) await DomainAssert.Refused(FailureKind.NotFound, command);
        await grain.CheckDeadlines();
        var now = fixture.Clock.GetUtcNow().UtcDateTime;
        await grain.AsReference<IRemindable>().ReceiveReminder("sla-deadline", new TickStatus(now, TimeSpan.FromMinutes(1), now));

        Assert.Null(await grain.Get());
        Assert.False(await fixture.IsStoredAsync<CaseRecord>(StorageNames.Cases, "case", grain.GetGrainId()));
        Assert.Null((await _grains.GetGrain<IEngineerGrain>(engineerId).Get())!.CurrentCaseId);
    }

    [Fact]
    public async Task A_known_case_is_found_in_storage_so_the_storage_check_can_fail()
    {
        var opened = await _grains.OpenCaseAsync(Severity.P5, North);

        Assert.True(await fixture.IsStoredAsync<CaseRecord>(StorageNames.Cases, "case", _grains.GetGrain<ICaseGrain>(opened.Id).GetGrainId()));
    }

    [Fact]
    public async Task Opening_a_case_for_an_unknown_customer_is_not_found_and_nothing_is_stored()
    {
        var grain = _grains.GetGrain<ICaseGrain>(NewCaseId());

        await DomainAssert.Refused(FailureKind.NotFound, () => grain.Open(Request(Severity.P3, North) with { CustomerId = "cust-nobody" }));

        Assert.Null(await grain.Get());
        Assert.False(await fixture.IsStoredAsync<CaseRecord>(StorageNames.Cases, "case", grain.GetGrainId()));
    }

    [Fact]
    public async Task Every_command_on_an_unknown_engineer_is_not_found_and_nothing_is_stored()
    {
        var engineer = _grains.GetGrain<IEngineerGrain>($"eng-made-up-{Guid.NewGuid():N}");

        Assert.Null(await engineer.Get());
        await DomainAssert.Refused(FailureKind.NotFound, () => engineer.Move(new GeoPoint(30, 120)));
        await DomainAssert.Refused(FailureKind.NotFound, () => engineer.Assign("case-1"));
        await DomainAssert.Refused(FailureKind.NotFound, () => engineer.SetOffDuty(true));
        await engineer.Release("case-1");

        Assert.Null(await engineer.Get());
        Assert.False(await fixture.IsStoredAsync<EngineerRecord>(StorageNames.Organization, "engineer", engineer.GetGrainId()));
    }

    [Fact]
    public async Task Dispatching_to_an_unknown_engineer_is_not_found_and_leaves_the_case_claimed()
    {
        var opened = await _grains.OpenCaseAsync(Severity.P3, North);
        var grain = _grains.GetGrain<ICaseGrain>(opened.Id);
        var claimed = await grain.Claim(Beijing, "b");
        var engineer = _grains.GetGrain<IEngineerGrain>($"eng-made-up-{Guid.NewGuid():N}");

        await DomainAssert.Refused(FailureKind.NotFound, () => grain.Dispatch(engineer.GetPrimaryKeyString(), "b"));

        Assert.Equal(claimed.Version, (await grain.Get())!.Version);
        Assert.False(await fixture.IsStoredAsync<EngineerRecord>(StorageNames.Organization, "engineer", engineer.GetGrainId()));
    }

    [Fact]
    public async Task Every_command_on_an_unknown_depot_is_not_found_and_nothing_is_stored()
    {
        var depot = _grains.GetGrain<IDepotGrain>($"depot-made-up-{Guid.NewGuid():N}");

        Assert.Null(await depot.GetStock());
        await DomainAssert.Refused(FailureKind.NotFound, () => depot.Consume("op", [new PartRequest("A", 1)]));
        await depot.Undo("op");

        Assert.Null(await depot.GetStock());
        Assert.False(await fixture.IsStoredAsync<DepotRecord>(StorageNames.Organization, "depot", depot.GetGrainId()));
    }

    [Fact]
    public async Task Resolving_with_parts_from_an_unknown_depot_is_not_found_and_leaves_the_case_on_site()
    {
        var (grain, _) = await _grains.DispatchedCaseAsync(Severity.P4);
        await grain.Respond("n", "e");
        var onSite = await grain.Arrive("e");
        var depot = _grains.GetGrain<IDepotGrain>($"depot-made-up-{Guid.NewGuid():N}");

        await DomainAssert.Refused(FailureKind.NotFound, () => grain.Resolve(new ResolveCase
        {
            Summary = "s", PartsUsed = [new PartLine(depot.GetPrimaryKeyString(), "A", 1)], Actor = "e",
        }));

        Assert.Equal(onSite.Version, (await grain.Get())!.Version);
        Assert.False(await fixture.IsStoredAsync<DepotRecord>(StorageNames.Organization, "depot", depot.GetGrainId()));
    }
}
