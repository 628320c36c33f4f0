using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using ServiceGrid.Cases;
using ServiceGrid.Organization;
using ServiceGrid.Parts;
using ServiceGrid.Service;

namespace ServiceGrid.Web.Field;

/// <summary>
/// <c>GET /api/cases/{id}/job</c>: what the engineer needs on site in one answer, to whoever may read the case: the
/// case, its customer (name, site), its unit (model, serial, coverage, past cases) and the parts reserved for it at its
/// branch's depot. The engineer may not read customers and units at large; the case they hold names these.
/// </summary>
public static class JobSheetEndpoint
{
    public static async Task<Ok<JobSheet>> GetJobSheet(string id, IGrainFactory grains, IOrganizationDirectory organization)
    {
        var view = await grains.GetGrain<ICaseGrain>(id).Get() ?? throw DomainException.NotFound("Case", id);
        var customer = await grains.GetGrain<ICustomerGrain>(view.CustomerId).Get();
        var unit = view.EquipmentSerial is { } serial ? await grains.GetGrain<IEquipmentGrain>(serial).Get() : null;
        var depotId = view.BranchId is { } branchId ? (await organization.FindBranchAsync(branchId))?.DepotId : null;
        var reserved = depotId is null ? [] : await grains.GetGrain<IDepotGrain>(depotId).GetReservations(id);
        var site = customer?.Sites.FirstOrDefault(s => s.Location == view.Site);
        return TypedResults.Ok(new JobSheet(view, customer?.Name, site?.Name, depotId, unit, reserved));
    }
}

/// <param name="SiteName">The customer's site the case is at, when one of their registered sites.</param>
/// <param name="DepotId">The branch's depot, where the case's parts are reserved and consumed from.</param>
public sealed record JobSheet(
    CaseView Case, string? CustomerName, string? SiteName, string? DepotId, EquipmentView? Unit, ImmutableArray<ReservationView> Reserved);
