using System.Collections.Immutable;
using ServiceGrid.Cases;
using ServiceGrid.Grains.Service;
using ServiceGrid.Grains.Sla;
using ServiceGrid.Service;

namespace ServiceGrid.Tests.Service;

public sealed class CoverageTests
{
    static readonly DateTimeOffset Accepted = new(2023, 1, 15, 0, 0, 0, TimeSpan.Zero);

    static ContractPeriod Contract(string id, DateTimeOffset starts, DateTimeOffset ends) => new(id, starts, ends, ImmutableDictionary<Severity, ServiceTargets>.Empty);

    [Fact]
    public void Free_warranty_runs_36_months_from_acceptance_then_the_unit_is_chargeable()
    {
        var end = Accepted.AddMonths(36);

        Assert.Equal(new CoverageView(CoverageKind.Warranty, end), Coverage.At(Accepted, [], 36, end.AddTicks(-1)));
        Assert.Equal(new CoverageView(CoverageKind.None, null), Coverage.At(Accepted, [], 36, end));
    }

    [Fact]
    public void The_warranty_length_is_configurable()
    {
        Assert.Equal(CoverageKind.Warranty, Coverage.At(Accepted, [], 48, Accepted.AddMonths(40)).Kind);
        Assert.Equal(CoverageKind.None, Coverage.At(Accepted, [], 12, Accepted.AddMonths(13)).Kind);
    }

    [Fact]
    public void After_the_warranty_a_contract_in_force_covers_the_unit_until_it_ends()
    {
        var contract = Contract("c1", Accepted.AddMonths(36), Accepted.AddMonths(48));

        Assert.Equal(new CoverageView(CoverageKind.Contract, contract.EndsAt, "c1"), Coverage.At(Accepted, [contract], 36, Accepted.AddMonths(40)));
        Assert.Equal(CoverageKind.None, Coverage.At(Accepted, [contract], 36, contract.EndsAt).Kind);
    }

    [Fact]
    public void Under_warranty_the_warranty_is_shown_even_when_a_contract_is_in_force()
    {
        var contract = Contract("c1", Accepted, Accepted.AddMonths(60));
        Assert.Equal(CoverageKind.Warranty, Coverage.At(Accepted, [contract], 36, Accepted.AddMonths(1)).Kind);
        Assert.Equal("c1", Coverage.ContractAt([contract], Accepted.AddMonths(1))?.ContractId);
    }

    [Fact]
    public void Of_overlapping_contracts_the_one_that_started_last_applies()
    {
        var older = Contract("old", Accepted.AddMonths(30), Accepted.AddMonths(60));
        var newer = Contract("new", Accepted.AddMonths(40), Accepted.AddMonths(52));
        Assert.Equal("new", Coverage.ContractAt([older, newer], Accepted.AddMonths(45))!.ContractId);
        Assert.Equal("old", Coverage.ContractAt([older, newer], Accepted.AddMonths(55))!.ContractId);
    }

    [Fact]
    public void Contract_targets_replace_the_policy_milestone_by_milestone()
    {
        var policy = new SlaTargets(TimeSpan.FromHours(1), TimeSpan.FromHours(24), TimeSpan.FromHours(72));

        var merged = Coverage.Apply(policy, new ServiceTargets(TimeSpan.FromMinutes(30), null, TimeSpan.FromHours(12)));

        Assert.Equal((TimeSpan.FromMinutes(30), TimeSpan.FromHours(24), TimeSpan.FromHours(12)), (merged.Response, merged.Onsite, merged.Resolution));
        Assert.Same(policy, Coverage.Apply(policy, null));
    }
}
