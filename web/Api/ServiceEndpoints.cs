using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using ServiceGrid.Cases;
using ServiceGrid.Events;
using ServiceGrid.Organization;
using ServiceGrid.Service;
using ServiceGrid.Web.Security;

namespace ServiceGrid.Web.Api;

/// <summary>A case on a unit, as the unit's page lists it.</summary>
public sealed record UnitCaseSummary(
    string Id, CaseKind Kind, Severity Severity, CaseState State, string Title, DateTimeOffset OpenedAt, CoverageView? Coverage);

/// <summary>A unit of the installed base: what it is, what covers it now, its contracts, next inspection, and its cases.</summary>
public sealed record EquipmentAnswer(
    string Serial, string CustomerId, string Model, DateTimeOffset AcceptedAt, string RegionId, CoverageView Coverage,
    ImmutableArray<ContractPeriod> Contracts, DateTimeOffset? NextInspectionAt,
    ImmutableArray<UnitCaseSummary> OpenCases, ImmutableArray<UnitCaseSummary> PastCases);

/// <summary>API.md "Installed base, contracts, inspections": units, maintenance contracts and the inspection schedule.</summary>
public static class ServiceEndpoints
{
    /// <summary>A list of inspections spans at most this long.</summary>
    static readonly TimeSpan MaxInspectionRange = TimeSpan.FromDays(366);
    /// <summary>Without <c>to</c>, a list covers one quarter from <c>from</c>.</summary>
    static readonly TimeSpan DefaultInspectionRange = TimeSpan.FromDays(92);

    public static IEndpointRouteBuilder MapServiceApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Service");
        api.MapGet("/equipment/{serial:gridId}", GetEquipment).RequireAccess(Operation.ReadEquipment);
        api.MapPost("/contracts", CreateContract).RequireAccess(Operation.CreateContract);
        api.MapGet("/contracts/{id:gridId}", GetContract).RequireAccess(Operation.ReadContract);
        api.MapGet("/inspections", ListInspections).RequireAccess(Operation.ReadInspections);
        CareEndpoints.Map(app);
        return app;
    }

    /// <summary>The unit with its coverage now and its cases, open ones and past ones, newest first.</summary>
    static async Task<Ok<EquipmentAnswer>> GetEquipment(string serial, IGrainFactory grains)
    {
        var unit = await grains.GetGrain<IEquipmentGrain>(serial).Get() ?? throw DomainException.NotFound("Equipment", serial);
        var cases = (await Task.WhenAll(unit.Cases.Select(c => grains.GetGrain<ICaseGrain>(c.CaseId).Get())))
            .OfType<CaseView>()
            .NewestFirst()
            .ToList();
        UnitCaseSummary Summary(CaseView c) => new(c.Id, c.Kind, c.Severity, c.State, c.Title, c.OpenedAt, c.Coverage);
        return TypedResults.Ok(new EquipmentAnswer(
            unit.Serial, unit.CustomerId, unit.Model, unit.AcceptedAt, unit.RegionId, unit.Coverage, unit.Contracts, unit.NextInspectionAt,
            [.. cases.Where(c => c.IsActive() || c.State == CaseState.Resolved).Select(Summary)],
            [.. cases.Where(c => c.State is CaseState.Closed or CaseState.Cancelled).Select(Summary)]));
    }

    static async Task<Results<Created<ContractView>, ValidationProblem>> CreateContract(
        CreateContractRequest request, GridUser user, IGrainFactory grains, TimeProvider clock)
    {
        var errors = new RequestErrors();
        var command = request.Validate(errors, user.Name);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        var id = $"contract-{CaseIds.New(clock)}";
        var contract = await grains.GetGrain<IContractGrain>(id).Create(command!);
        return TypedResults.Created($"/api/contracts/{contract.Id}", contract);
    }

    static async Task<Ok<ContractView>> GetContract(string id, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IContractGrain>(id).Get() ?? throw DomainException.NotFound("Contract", id));

    /// <summary>Inspections due in [from, to) (default: a quarter from now) of the branch's region, or of every region.</summary>
    static async Task<Results<Ok<ImmutableArray<InspectionView>>, ValidationProblem>> ListInspections(
        string? branchId, string? from, string? to, IGrainFactory grains, IOrganizationDirectory organization, TimeProvider clock)
    {
        var errors = new RequestErrors();
        var branch = errors.Id("branchId", branchId, required: false);
        var start = errors.Time("from", from, required: false);
        var end = errors.Time("to", to, required: false);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        var first = start ?? clock.GetUtcNow();
        var last = end ?? first + DefaultInspectionRange;
        if (last <= first) errors.Add("to", "'to' must be after 'from'.");
        else if (last - first > MaxInspectionRange) errors.Add("to", $"A list of inspections spans at most {MaxInspectionRange.TotalDays:0} days.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var regions = branch is null
            ? (await organization.GetChartAsync()).Regions.Select(r => r.Id).ToList()
            : [(await organization.FindBranchAsync(branch) ?? throw DomainException.NotFound("Branch", branch)).RegionId];
        var lists = await Task.WhenAll(regions.Select(region => grains.GetGrain<IInstalledBaseGrain>(region).Inspections(first, last)));
        return TypedResults.Ok(lists.SelectMany(list => list)
            .OrderBy(i => i.DueAt).ThenBy(i => i.Serial, StringComparer.Ordinal)
            .ToImmutableArray());
    }
}
