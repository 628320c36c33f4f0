using ServiceGrid.Cases;
using ServiceGrid.Grains.Sla;
using ServiceGrid.Service;

namespace ServiceGrid.Grains.Service;

/// <summary>
/// What covers a unit at a moment, free of Orleans. Service plan 2: free warranty for 36 months from acceptance; after
/// that an annual maintenance contract, or repair charged for materials (coverage none).
/// </summary>
public static class Coverage
{
    public static DateTimeOffset WarrantyEnd(DateTimeOffset acceptedAt, int warrantyMonths) => acceptedAt.AddMonths(warrantyMonths);

    /// <summary>Warranty while it runs, else the contract in force, else none.</summary>
    public static CoverageView At(DateTimeOffset acceptedAt, IEnumerable<ContractPeriod> contracts, int warrantyMonths, DateTimeOffset at)
    {
        var warrantyEnd = WarrantyEnd(acceptedAt, warrantyMonths);
        if (at < warrantyEnd) return new CoverageView(CoverageKind.Warranty, warrantyEnd);
        return ContractAt(contracts, at) is { } contract
            ? new CoverageView(CoverageKind.Contract, contract.EndsAt, contract.ContractId)
            : new CoverageView(CoverageKind.None, null);
    }

    /// <summary>The contract in force at <paramref name="at"/>; of several, the one agreed to start last.</summary>
    public static ContractPeriod? ContractAt(IEnumerable<ContractPeriod> contracts, DateTimeOffset at) =>
        contracts.Where(c => c.InForceAt(at)).OrderByDescending(c => c.StartsAt).ThenByDescending(c => c.EndsAt).FirstOrDefault();

    /// <summary>The default policy's targets with the ones a contract sets in their place (a null contract target keeps the default).</summary>
    public static SlaTargets Apply(SlaTargets policy, ServiceTargets? contract) => contract is null
        ? policy
        : new SlaTargets(contract.Response ?? policy.Response, contract.Onsite ?? policy.Onsite, contract.Resolution ?? policy.Resolution);
}
