using ServiceGrid.Organization;
using ServiceGrid.Service;

namespace ServiceGrid.Demo;

/// <summary>
/// Loads the demo organization (and its maintenance contracts) into the grains. Safe to run any number of times, from any number of silos at once:
/// the chart is defined only if none is, and each grain's Register keeps live state (stock levels, where an
/// engineer is and what they work on) and changes nothing when it already has the same profile.
/// </summary>
public sealed class DemoLoader(IGrainFactory grains, DemoOrganization organization)
{
    /// <summary>Concurrent registrations; enough to load in about a second without flooding a small silo.</summary>
    const int Parallelism = 16;

    /// <summary>Loads the organization; answers whether this call defined the chart (false: one was already there).</summary>
    public async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var defined = await grains.GetGrain<IOrganizationGrain>(IOrganizationGrain.Key).Define(organization.Regions, onlyIfEmpty: true);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(organization.Depots, parallel,
            async (depot, _) => await grains.GetGrain<IDepotGrain>(depot.Id).Register(depot.Profile, depot.Stock));
        await Parallel.ForEachAsync(organization.Engineers, parallel,
            async (engineer, _) => await grains.GetGrain<IEngineerGrain>(engineer.Id).Register(engineer.Profile));
        await DescribeEngineersAsync(parallel);
        await Parallel.ForEachAsync(organization.Customers, parallel,
            async (customer, _) => await grains.GetGrain<ICustomerGrain>(customer.Id).Register(customer));
        await Parallel.ForEachAsync(DemoContracts.Create(organization), parallel,
            async (contract, _) => await grains.GetGrain<IContractGrain>(contract.Id).Create(contract.Terms));
        return defined;
    }

    /// <summary>Skills, shifts and capacity of engineers nobody described yet, and auto-dispatch in one region unless someone chose otherwise.</summary>
    async Task DescribeEngineersAsync(ParallelOptions parallel)
    {
        var branches = organization.Regions.SelectMany(region => region.Branches).Select(branch => branch.Id).ToList();
        await Parallel.ForEachAsync(organization.Engineers, parallel, async (engineer, _) =>
        {
            var grain = grains.GetGrain<IEngineerGrain>(engineer.Id);
            if (await grain.Get() is not { Resource: { Skills.IsEmpty: true, Shifts: null } }) return;
            var n = int.Parse(engineer.Id[(engineer.Id.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            await grain.SetResource(DemoResources.For(branches.IndexOf(engineer.Profile.BranchId), n));
        });
        var dispatch = grains.GetGrain<IDispatchGrain>(DemoResources.AutoDispatchRegion);
        foreach (var branchId in DemoCities.BranchesOf(DemoResources.AutoDispatchRegion))
            if ((await dispatch.GetPolicy(branchId)).Mode == DispatchMode.Suggest) await dispatch.SetPolicy(branchId, DispatchMode.Auto);
    }
}
