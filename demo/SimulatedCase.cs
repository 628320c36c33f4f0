using ServiceGrid.Cases;

namespace ServiceGrid.Demo;

/// <summary>What the simulator remembers of one case it follows: its plan, the last view and when to act next.</summary>
public sealed class SimulatedCase(CasePlan plan, CaseView view, DateTimeOffset nextAt)
{
    public string Id => View.Id;
    public CasePlan Plan { get; } = plan;
    public CaseView View { get; set; } = view;
    public DateTimeOffset NextAt { get; set; } = nextAt;
    /// <summary>The customer has chased this slipped case (it was escalated, or found at HQ already).</summary>
    public bool Chased { get; set; }
    /// <summary>HQ has moved this slipped case; from here on it is worked normally.</summary>
    public bool Reassigned { get; set; }
    /// <summary>Refused commands so far; a case refused too often is left to people.</summary>
    public int Refusals { get; set; }
    /// <summary>Parts reserved for the case when it was dispatched, with the depot that holds each.</summary>
    public List<PartLine> Reserved { get; } = [];
}
