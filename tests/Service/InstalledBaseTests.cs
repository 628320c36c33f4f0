using System.Collections.Immutable;
using ServiceGrid.Cases;
using ServiceGrid.Grains.Service;
using ServiceGrid.Organization;
using ServiceGrid.Service;
using ServiceGrid.Tests.Infrastructure;
using static ServiceGrid.Tests.Infrastructure.TestOrganization;

namespace ServiceGrid.Tests.Service;

/// <summary>Units, coverage, contracts and the quarterly inspections, on the fake clock.</summary>
[Collection(ClusterCollection.Name)]
public sealed class InstalledBaseTests(ClusterFixture fixture)
{
    readonly IGrainFactory _grains = fixture.Grains;

    DateTimeOffset Now => fixture.Clock.GetUtcNow();

    /// <summary>A new customer in the north with one unit accepted at <paramref name="acceptedAt"/>; answers its id and the unit's serial.</summary>
    async Task<(string CustomerId, string Serial)> CustomerWithUnitAsync(DateTimeOffset acceptedAt)
    {
        var customerId = $"cust-{Guid.NewGuid():N}";
        var serial = $"SN-{Guid.NewGuid():N}"[..20];
        await _grains.GetGrain<ICustomerGrain>(customerId).Register(new CustomerView(customerId, "Harbin Gears",
            [new CustomerSite("Plant", new GeoPoint(39.95, 116.30), North)],
            [new EquipmentUnit(serial, "GX-200", acceptedAt, 0)]));
        return (customerId, serial);
    }

    OpenCase OnUnit(string customerId, string serial, Severity severity, CaseKind kind = CaseKind.Service) => new()
    {
        CustomerId = customerId,
        Kind = kind,
        Severity = severity,
        Channel = Channel.Hotline,
        Title = "Hydraulic pressure low",
        Description = "Pressure drops under load.",
        EquipmentSerial = serial,
        Actor = "csc",
    };

    [Fact]
    public async Task Registering_a_customer_registers_its_units_with_their_region_and_warranty()
    {
        var accepted = Now.AddMonths(-2);
        var (customerId, serial) = await CustomerWithUnitAsync(accepted);

        var unit = (await _grains.GetGrain<IEquipmentGrain>(serial).Get())!;

        Assert.Equal((customerId, "GX-200", accepted, North), (unit.CustomerId, unit.Model, unit.AcceptedAt, unit.RegionId));
        Assert.Equal(new CoverageView(CoverageKind.Warranty, accepted.AddMonths(36)), unit.Coverage);
        Assert.Equal(accepted.AddMonths(3), unit.NextInspectionAt);
        Assert.Null(await _grains.GetGrain<IEquipmentGrain>($"SN-unknown-{Guid.NewGuid():N}").Get());
    }

    [Fact]
    public async Task When_the_warranty_ends_the_unit_becomes_chargeable_and_a_new_case_on_it_shows_that()
    {
        var (customerId, serial) = await CustomerWithUnitAsync(Now.AddMonths(-36).AddDays(1));
        var unit = _grains.GetGrain<IEquipmentGrain>(serial);
        var during = await _grains.GetGrain<ICaseGrain>(NewCaseId()).Open(OnUnit(customerId, serial, Severity.P3));
        Assert.Equal(CoverageKind.Warranty, during.Coverage!.Kind);

        await fixture.AdvanceAsync(TimeSpan.FromDays(2));

        Assert.Equal(new CoverageView(CoverageKind.None, null), (await unit.Get())!.Coverage);
        var after = await _grains.GetGrain<ICaseGrain>(NewCaseId()).Open(OnUnit(customerId, serial, Severity.P3));
        Assert.Equal(CoverageKind.None, after.Coverage!.Kind);
        Assert.Equal(CoverageKind.Warranty, (await _grains.GetGrain<ICaseGrain>(during.Id).Get())!.Coverage!.Kind);
        Assert.Equal([during.Id, after.Id], (await unit.Get())!.Cases.Select(c => c.CaseId));
    }

    [Fact]
    public async Task A_contract_covers_a_unit_after_its_warranty_and_its_targets_replace_the_default_policy_for_cases_on_it()
    {
        var (customerId, serial) = await CustomerWithUnitAsync(Now.AddYears(-4));
        var contractId = $"contract-{Guid.NewGuid():N}";
        var sla = ImmutableDictionary<Severity, ServiceTargets>.Empty.Add(Severity.P3, new ServiceTargets(TimeSpan.FromMinutes(30), null, TimeSpan.FromHours(12)));
        var contract = await _grains.GetGrain<IContractGrain>(contractId).Create(new CreateContract
        {
            CustomerId = customerId, Serials = [serial], StartsAt = Now.AddDays(-1), EndsAt = Now.AddYears(1), Sla = sla, Actor = "csc",
        });
        var read = (await _grains.GetGrain<IContractGrain>(contractId).Get())!;
        Assert.Equal((contractId, customerId, contract.StartsAt, contract.EndsAt), (read.Id, read.CustomerId, read.StartsAt, read.EndsAt));
        Assert.Equal([serial], read.Serials.AsEnumerable());
        Assert.Equal(sla[Severity.P3], read.Sla[Severity.P3]);

        var unit = (await _grains.GetGrain<IEquipmentGrain>(serial).Get())!;
        Assert.Equal(new CoverageView(CoverageKind.Contract, contract.EndsAt, contractId), unit.Coverage);
        Assert.Equal(contract.StartsAt.AddMonths(3), unit.NextInspectionAt);

        var p3 = await _grains.GetGrain<ICaseGrain>(NewCaseId()).Open(OnUnit(customerId, serial, Severity.P3));
        Assert.Equal(p3.OpenedAt.AddMinutes(30), p3.Sla.Response.DueAt);
        Assert.Equal(p3.OpenedAt.AddHours(24), p3.Sla.Onsite.DueAt);
        Assert.Equal(p3.OpenedAt.AddHours(12), p3.Sla.Resolution.DueAt);
        Assert.Equal(CoverageKind.Contract, p3.Coverage!.Kind);
        // Severities the contract leaves out keep the default policy.
        var p1 = await _grains.GetGrain<ICaseGrain>(NewCaseId()).Open(OnUnit(customerId, serial, Severity.P1));
        Assert.Equal(p1.OpenedAt.AddHours(1), p1.Sla.Response.DueAt);

        await fixture.AdvanceAsync(TimeSpan.FromDays(366));
        var expired = await _grains.GetGrain<ICaseGrain>(NewCaseId()).Open(OnUnit(customerId, serial, Severity.P3));
        Assert.Equal(expired.OpenedAt.AddHours(1), expired.Sla.Response.DueAt);
        Assert.Equal(CoverageKind.None, expired.Coverage!.Kind);
    }

    [Fact]
    public async Task A_contract_is_refused_for_a_bad_period_an_unknown_unit_or_customer_and_a_unit_of_another_customer()
    {
        var (customerId, serial) = await CustomerWithUnitAsync(Now.AddYears(-4));
        CreateContract Terms(string customer, params string[] serials) => new()
        {
            CustomerId = customer, Serials = [.. serials], StartsAt = Now, EndsAt = Now.AddYears(1),
            Sla = ImmutableDictionary<Severity, ServiceTargets>.Empty, Actor = "csc",
        };
        IContractGrain Fresh() => _grains.GetGrain<IContractGrain>($"contract-{Guid.NewGuid():N}");

        var badPeriod = await DomainAssert.Refused(FailureKind.Invalid, () => Fresh().Create(Terms(customerId, serial) with { EndsAt = Now }));
        Assert.Equal("endsAt", badPeriod.Field);
        await DomainAssert.Refused(FailureKind.NotFound, () => Fresh().Create(Terms(customerId, "SN-nobody")));
        await DomainAssert.Refused(FailureKind.NotFound, () => Fresh().Create(Terms($"cust-{Guid.NewGuid():N}", serial)));
        var foreign = await DomainAssert.Refused(FailureKind.Invalid, () => Fresh().Create(Terms(customerId, serial, $"SN-{NorthCustomer}-1")));
        Assert.Equal("serials[1]", foreign.Field);
        Assert.Empty((await _grains.GetGrain<IEquipmentGrain>(serial).Get())!.Contracts);
    }

    [Fact]
    public async Task A_due_inspection_opens_one_case_in_the_units_region_however_often_and_concurrently_it_is_checked()
    {
        var (customerId, serial) = await CustomerWithUnitAsync(Now.AddDays(-10));
        var unit = _grains.GetGrain<IEquipmentGrain>(serial);
        var accepted = (await unit.Get())!.AcceptedAt;
        var due = (await unit.Get())!.NextInspectionAt!.Value;
        Assert.Equal(accepted.AddMonths(3), due);
        await unit.CheckInspections();
        Assert.DoesNotContain((await unit.Get())!.Cases, c => c.Kind == CaseKind.Inspection);

        await fixture.AdvanceAsync(due - Now + TimeSpan.FromMinutes(5));
        var remindable = unit.AsReference<IRemindable>();
        var tick = new TickStatus(due.UtcDateTime, TimeSpan.FromHours(6), Now.UtcDateTime);
        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => i % 2 == 0 ? unit.CheckInspections() : remindable.ReceiveReminder("inspection", tick)));
        await unit.CheckInspections();

        var inspection = Assert.Single((await unit.Get())!.Cases, c => c.Kind == CaseKind.Inspection);
        Assert.Equal(InspectionSchedule.CaseId(serial, due), inspection.CaseId);
        // Issue 18: the region's schedule books the inspection's visit when the opening reaches it on the region's stream.
        var opened = (await Eventually.Until(() => _grains.GetGrain<ICaseGrain>(inspection.CaseId).Get(), c => c!.VisitIds.Length > 0))!;
        Assert.Equal((CaseKind.Inspection, Severity.P4, North, serial, customerId), (opened.Kind, opened.Severity, opened.Region, opened.EquipmentSerial, opened.CustomerId));
        Assert.Equal(CoverageKind.Warranty, opened.Coverage!.Kind);
        Assert.Equal("scheduler", opened.Timeline[0].Actor);
        // One visit, however often it was checked.
        Assert.Equal(TimelineTypes.VisitBooked, Assert.Single(opened.Timeline.Skip(1)).Type);

        var listed = await _grains.GetGrain<IInstalledBaseGrain>(North).Inspections(due.AddDays(-1), due.AddMonths(4));
        Assert.Equal([(due, inspection.CaseId), (accepted.AddMonths(6), null)],
            listed.Where(i => i.Serial == serial).Select(i => (i.DueAt, i.CaseId)));
    }

    [Fact]
    public async Task After_missed_ticks_a_check_catches_up_with_the_latest_due_inspection_only()
    {
        var (_, serial) = await CustomerWithUnitAsync(Now.AddDays(-1));
        var unit = _grains.GetGrain<IEquipmentGrain>(serial);
        var accepted = (await unit.Get())!.AcceptedAt;

        // Two due dates pass while nothing ticks (a silo down for seven months).
        await fixture.AdvanceAsync(accepted.AddMonths(7) - Now);
        await unit.CheckInspections();
        await unit.CheckInspections();

        var inspection = Assert.Single((await unit.Get())!.Cases, c => c.Kind == CaseKind.Inspection);
        Assert.Equal(InspectionSchedule.CaseId(serial, accepted.AddMonths(6)), inspection.CaseId);
        Assert.Null(await _grains.GetGrain<ICaseGrain>(InspectionSchedule.CaseId(serial, accepted.AddMonths(3))).Get());
        Assert.Equal(accepted.AddMonths(9), (await unit.Get())!.NextInspectionAt);
    }

    [Fact]
    public async Task An_uncovered_unit_gets_no_inspection()
    {
        var (_, serial) = await CustomerWithUnitAsync(Now.AddYears(-5));
        var unit = _grains.GetGrain<IEquipmentGrain>(serial);

        await fixture.AdvanceAsync(TimeSpan.FromDays(100));
        await unit.CheckInspections();

        var view = (await unit.Get())!;
        Assert.Null(view.NextInspectionAt);
        Assert.Empty(view.Cases);
    }
}
