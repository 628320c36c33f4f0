using ServiceGrid.Cases;
using ServiceGrid.Events;
using ServiceGrid.Service;
using ServiceGrid.Demo;

namespace ServiceGrid.Tests.Demo;

/// <summary>The demo exercises service operations: contracts, inspections that come due, complaints' notices, relocations.</summary>
public sealed class ServiceTrafficTests(TrafficClusterFixture fixture) : IClassFixture<TrafficClusterFixture>
{
    /// <summary>Look-back inspections open at the units' first reminder tick, which Orleans puts a minute out at the earliest.</summary>
    static readonly TimeSpan Deadline = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task Some_customers_have_maintenance_contracts_that_cover_their_older_units()
    {
        var (id, terms) = DemoContracts.Create(fixture.Organization).First();

        var loaded = await DemoClusterFixture.EventuallyAsync(async () => await fixture.Grains.GetGrain<IContractGrain>(id).Get() is not null, Deadline);

        Assert.True(loaded, $"Contract {id} was not loaded.");
        var unit = (await fixture.Grains.GetGrain<IEquipmentGrain>(terms.Serials[0]).Get())!;
        Assert.Contains(unit.Contracts, c => c.ContractId == id);
        Assert.True(DemoContracts.Create(fixture.Organization).Count() >= 20);
    }

    [Fact]
    public async Task Inspections_come_due_and_are_worked_to_their_inspection_report()
    {
        var reported = await DemoClusterFixture.EventuallyAsync(async () => (await AllCasesAsync()).Any(c =>
            c.Kind == CaseKind.Inspection && c.Timeline[0].Actor == "scheduler" && c.Resolution?.Summary == CaseTexts.InspectionReport), Deadline);

        Assert.True(reported, "No scheduled inspection was opened and resolved with its inspection report.");
    }

    [Fact]
    public async Task Complaints_get_notices_and_relocations_are_approved_before_dispatch()
    {
        var seen = await DemoClusterFixture.EventuallyAsync(async () =>
        {
            var cases = await AllCasesAsync();
            return cases.Any(c => c.Kind == CaseKind.Complaint && c.Capa is not null)
                && cases.Any(c => c.Kind == CaseKind.Relocation && c.Timeline.Any(t => t.Type == TimelineTypes.Dispatched));
        }, Deadline);
        Assert.True(seen, "No complaint got a notice, or no relocation was dispatched.");

        foreach (var relocation in (await AllCasesAsync()).Where(c => c.Kind == CaseKind.Relocation && c.Timeline.Any(t => t.Type == TimelineTypes.Dispatched)))
        {
            var approved = relocation.Timeline.First(t => t.Type == TimelineTypes.RelocationApproved);
            Assert.True(approved.Version < relocation.Timeline.First(t => t.Type == TimelineTypes.Dispatched).Version);
            Assert.Equal(relocation.CustomerId, approved.Actor);
        }
    }

    async Task<List<CaseView>> AllCasesAsync()
    {
        var pages = await Task.WhenAll(fixture.Organization.Regions.Select(region =>
            fixture.Grains.GetGrain<IRegionGrain>(region.Id).Query(new CaseQuery(null, null, 1, 10_000))));
        return [.. pages.SelectMany(page => page.Items)];
    }
}
