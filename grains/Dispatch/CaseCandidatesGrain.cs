using System.Collections.Immutable;
using Orleans.Concurrency;
using ServiceGrid.Cases;
using ServiceGrid.Grains.Organization;
using ServiceGrid.Organization;

namespace ServiceGrid.Grains.Dispatch;

/// <summary>
/// A case's candidates (see <see cref="ICaseCandidatesGrain"/>): the case and its region's <see cref="IDispatchGrain"/> are
/// asked from the silo, so the web's request is one call through the gateway instead of two, each carrying the case.
/// </summary>
[StatelessWorker]
public sealed class CaseCandidatesGrain(OrganizationDirectory organization) : Grain, ICaseCandidatesGrain
{
    public async Task<CandidateList> ForCase(string caseId, bool headquarters, int limit)
    {
        var target = await GrainFactory.GetGrain<ICaseGrain>(caseId).Get() ?? throw DomainException.NotFound("Case", caseId);
        if (!target.IsActive()) return new CandidateList([], $"The case is {target.State.ToString().ToLowerInvariant()}: nobody is dispatched to it.");
        if (!(headquarters && target.Tier == Tiers.Headquarters))
        {
            ImmutableArray<string> branches = target.BranchId is { } held ? [held] : [];
            return await GrainFactory.GetGrain<IDispatchGrain>(target.Region).Recommend(target, branches, limit);
        }
        var chart = await organization.GetChartAsync();
        var lists = await Task.WhenAll(chart.Regions.Select(region => GrainFactory.GetGrain<IDispatchGrain>(region.Id).Recommend(target, [], limit)));
        var items = lists.SelectMany(list => list.Items).OrderByDescending(c => c.Score).ThenBy(c => c.EtaOnSite).Take(limit).ToImmutableArray();
        var reason = items.IsEmpty || items.All(c => !c.Meets.Onsite) ? lists.Select(list => list.Reason).FirstOrDefault(r => r is not null) : null;
        return new CandidateList(items, reason);
    }
}
