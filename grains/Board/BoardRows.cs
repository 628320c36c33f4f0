using System.Collections.Immutable;
using ServiceGrid.Board;
using ServiceGrid.Cases;
using ServiceGrid.Events;
using ServiceGrid.Grains.Cases;
using ServiceGrid.Organization;

namespace ServiceGrid.Grains.Board;

/// <summary>How grid events read on the board: a case becomes a row, and its timeline entries become the
/// <c>slaChanged</c> and <c>escalated</c> events that follow its <c>caseChanged</c>.</summary>
public static class BoardRows
{
    public static BoardRow ToBoardRow(this CaseView view) => new()
    {
        Id = view.Id,
        Version = view.Version,
        Severity = view.Severity,
        Kind = view.Kind,
        State = view.State,
        Tier = view.Tier,
        Region = view.Region,
        BranchId = view.BranchId,
        EngineerId = view.EngineerId,
        Site = view.Site,
        Title = view.Title,
        Sla = view.Sla,
        NextDueAt = view.NextDueAt(),
        OpenedAt = view.OpenedAt,
        CustomerId = view.CustomerId,
        RelocationPlan = view.RelocationPlan,
    };

    /// <summary>Whether a row is still on the board: cases that are resolved, closed or cancelled leave it.</summary>
    public static bool IsOnBoard(this BoardRow row) => CaseTransitions.Active.Contains(row.State);

    public static BoardEvent CaseEvent(CaseView view) => CaseEvent(view, view.ToBoardRow());

    static BoardEvent CaseEvent(CaseView view, BoardRow row) => new() { Type = BoardEventTypes.CaseChanged, Case = row, At = view.UpdatedAt };

    public static BoardEvent EngineerEvent(EngineerView engineer) =>
        new() { Type = BoardEventTypes.EngineerMoved, Engineer = engineer, At = engineer.UpdatedAt };

    public static BoardEvent ProposalEvent(DispatchProposed proposed) => new()
    {
        Type = BoardEventTypes.DispatchProposed, Case = proposed.Case.ToBoardRow(), Proposal = proposed.Proposal, At = proposed.Proposal.At,
        Note = string.Join("; ", proposed.Proposal.Reasons),
    };

    public static ImmutableArray<BoardEvent> EventsOf(CaseChanged changed)
    {
        var row = changed.Case.ToBoardRow();
        var events = ImmutableArray.CreateBuilder<BoardEvent>();
        events.Add(CaseEvent(changed.Case, row));
        foreach (var entry in changed.Entries)
        {
            switch (entry.Type)
            {
                case TimelineTypes.SlaAtRisk or TimelineTypes.SlaBreached:
                    events.Add(new BoardEvent
                    {
                        Type = BoardEventTypes.SlaChanged, Case = row, At = entry.At, Milestone = entry.Milestone,
                        Status = entry.Type == TimelineTypes.SlaBreached ? MilestoneStatus.Breached : MilestoneStatus.AtRisk,
                    });
                    break;
                case TimelineTypes.Escalated:
                    events.Add(new BoardEvent { Type = BoardEventTypes.Escalated, Case = row, At = entry.At, Tier = entry.Tier, Note = entry.Note });
                    break;
            }
        }
        return events.ToImmutable();
    }
}
