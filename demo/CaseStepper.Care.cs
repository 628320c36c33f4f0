using ServiceGrid.Cases;

namespace ServiceGrid.Demo;

/// <summary>
/// Customer care in the simulation: the CSC raises a corrective action notice on every complaint (most are closed by
/// the time the case closes, some run overdue), and a relocation's plan is filed by the branch and approved by the
/// customer before anyone is dispatched (service plan 4.5, 4.8).
/// </summary>
public sealed partial class CaseStepper
{
    /// <summary>Share of notices the department closes with the case; the rest run until they are overdue.</summary>
    const double CapaClosedShare = 0.7;

    static readonly (string Department, string Action)[] CapaActions =
    [
        ("Quality", "Review the final inspection checklist with the assembly team"),
        ("Customer service", "Call back within four hours on every open complaint"),
        ("Field service", "Retrain the maintenance group on the unit's start-up procedure"),
        ("Logistics", "Pack spare parts in shock-proof crates for long routes"),
    ];

    /// <summary>A complaint gets its notice from the CSC as soon as it is registered; due in 2 to 14 days of simulated time.</summary>
    async Task RaiseCapaAsync(SimulatedCase simulated, Random random)
    {
        if (simulated.View is not { Kind: CaseKind.Complaint, Capa: null, State: not CaseState.Cancelled }) return;
        var (department, action) = CapaActions[random.Next(CapaActions.Length)];
        var dueAt = simulated.View.OpenedAt + Scaled(TimeSpan.FromDays(2 + random.NextDouble() * 12));
        simulated.View = await Case(simulated).IssueCapa(department, action, dueAt, TrafficActors.Csc);
    }

    /// <summary>Most departments report the corrective action done by the time the complaint closes.</summary>
    async Task CloseCapaAsync(SimulatedCase simulated)
    {
        if (simulated.View.Capa is not { ClosedAt: null, OverdueAt: null } || Random.Shared.NextDouble() >= CapaClosedShare) return;
        simulated.View = await Case(simulated).CloseCapa("Action taken and verified by the department", TrafficActors.Csc);
    }

    /// <summary>Before a relocation is dispatched: the branch files the plan, the customer approves it.</summary>
    async Task PrepareRelocationAsync(SimulatedCase simulated)
    {
        var view = simulated.View;
        if (view.Kind != CaseKind.Relocation || view.RelocationPlan?.ApprovedAt is not null || view.BranchId is not { } branchId) return;
        if (view.RelocationPlan is null)
        {
            var plan = new RelocationPlan(
                "Old and new location surveyed: floor load, power, air conditioning and access checked",
                $"Unit {view.EquipmentSerial ?? "on site"}, crated with its cabling and accessories",
                "Dedicated truck, daytime, shock-monitored; continuous monitoring for a week after the move",
                view.OpenedAt + Scaled(TimeSpan.FromDays(3)));
            simulated.View = await Case(simulated).PlanRelocation(plan, TrafficActors.Branch(branchId));
        }
        simulated.View = await Case(simulated).ApproveRelocation(view.CustomerId);
    }
}
