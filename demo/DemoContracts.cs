using System.Collections.Immutable;
using ServiceGrid.Cases;
using ServiceGrid.Service;

namespace ServiceGrid.Demo;

/// <summary>
/// The demo's annual maintenance contracts (service plan 2): every fourth customer has one for the demo's reference
/// year on its units whose three-year warranty ends before the year does, with tighter targets for major and severe
/// faults (which apply during a unit's remaining warranty too).
/// Ids derive from the customer, so loading them again changes nothing.
/// </summary>
public static class DemoContracts
{
    const int EveryNthCustomer = 4;
    /// <summary>The service plan's warranty; the demo's data assume the default.</summary>
    const int WarrantyMonths = 36;

    static readonly ImmutableDictionary<Severity, ServiceTargets> Targets = ImmutableDictionary<Severity, ServiceTargets>.Empty
        .Add(Severity.P1, new ServiceTargets(TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(12)))
        .Add(Severity.P2, new ServiceTargets(TimeSpan.FromMinutes(30), TimeSpan.FromHours(3), TimeSpan.FromHours(16)));

    public static IEnumerable<(string Id, CreateContract Terms)> Create(DemoOrganization organization)
    {
        var starts = DemoOrganization.ReferenceDate;
        foreach (var (customer, index) in organization.Customers.Select((customer, index) => (customer, index)))
        {
            if ((index + 1) % EveryNthCustomer != 0) continue;
            var serials = customer.Equipment.Where(unit => unit.AcceptedAt.AddMonths(WarrantyMonths) < starts.AddYears(1))
                .Select(unit => unit.Serial).ToImmutableArray();
            if (serials.IsEmpty) continue;
            yield return ($"contract-{customer.Id}-{starts.Year}", new CreateContract
            {
                CustomerId = customer.Id,
                Serials = serials,
                StartsAt = starts,
                EndsAt = starts.AddYears(1),
                Sla = Targets,
                Actor = TrafficActors.Csc,
            });
        }
    }
}
