using ServiceGrid.Cases;
using ServiceGrid.Events;

namespace ServiceGrid.Grains.Cases;

/// <summary>
/// The alerts a case's timeline entries raise. Derived from the entries, with ids derived from the entry version,
/// so publishing the same entries again cannot raise an alert twice.
/// </summary>
public static class CaseAlerts
{
    /// <summary>Scores 1–2 (D, E) are dissatisfied: each is investigated individually [seed 4.7.5].</summary>
    public const int DissatisfiedAtOrBelow = 2;

    /// <summary>The timeline entries that can raise an alert.</summary>
    public static readonly string[] RaisingEntryTypes =
    [
        TimelineTypes.Opened, TimelineTypes.SlaAtRisk, TimelineTypes.SlaBreached, TimelineTypes.Escalated,
        TimelineTypes.Surveyed, TimelineTypes.CapaOverdue,
    ];

    public static IEnumerable<Alert> From(CaseView view, IEnumerable<TimelineEntry> entries) =>
        entries.Select(entry => From(view, entry)).OfType<Alert>();

    static Alert? From(CaseView view, TimelineEntry entry)
    {
        var raised = entry.Type switch
        {
            // Service plan 4.5: major cases go to the vice president in charge at once.
            TimelineTypes.Opened when view.Severity == Severity.P1 => (AlertType.MajorCaseOpened, RecipientRole.VicePresident,
                $"P1 case {view.Id} opened in {view.Region}: {view.Title}"),
            // Service plan 4.5: a case not handled within its limit goes to the department manager.
            TimelineTypes.SlaAtRisk => (AlertType.SlaAtRisk, RecipientRole.DepartmentManager,
                $"{view.Severity} case {view.Id}: {Name(entry)} milestone at risk"),
            TimelineTypes.SlaBreached => (AlertType.SlaBreached, RecipientRole.DepartmentManager,
                $"{view.Severity} case {view.Id}: {Name(entry)} milestone breached"),
            TimelineTypes.Escalated => (AlertType.Escalated, RecipientRole.Headquarters,
                $"{view.Severity} case {view.Id} escalated to tier {entry.Tier}: {entry.Note}"),
            TimelineTypes.Surveyed when entry.Score <= DissatisfiedAtOrBelow => (AlertType.DissatisfiedCustomer,
                RecipientRole.CustomerServiceCenter, $"Customer {view.CustomerId} scored case {view.Id} {entry.Score}/5: follow up"),
            // Service plan 4.5: a corrective and preventive action not taken in time goes to the department manager.
            TimelineTypes.CapaOverdue => (AlertType.CapaOverdue, RecipientRole.DepartmentManager,
                $"Corrective action on complaint {view.Id} is overdue: {entry.Note}"),
            _ => ((AlertType, RecipientRole, string)?)null,
        };
        return raised is var (type, recipient, message)
            ? new Alert
            {
                Id = $"{view.Id}:{entry.Version}:{CaseTransitions.Name(type)}",
                At = entry.At,
                Type = type,
                CaseId = view.Id,
                Region = view.Region,
                RecipientRole = recipient,
                Message = message,
            }
            : null;
    }

    static string Name(TimelineEntry entry) => entry.Milestone is { } milestone ? CaseTransitions.Name(milestone) : "";
}
