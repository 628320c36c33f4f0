using System.Collections.Immutable;
using ServiceGrid.Board;
using ServiceGrid.Cases;
using ServiceGrid.Events;
using ServiceGrid.Organization;

namespace ServiceGrid.Grains.Board;

/// <summary>
/// The board of one scope as its clients hold it, and the rule of what belongs to it: <c>hq</c> (no branch) sees
/// every case on the board; a branch sees its region's pool and the cases it holds, and only its own engineers.
/// <see cref="Apply"/> answers whether an event changes this board, so that only those get a seq.
/// </summary>
public sealed class ScopeBoard(string? branchId, string? regionId, int alertCapacity, int retainedDepartures)
{

    readonly Dictionary<string, BoardRow> _cases = [];
    /// <summary>Versions of cases that left the board, so a late duplicate cannot bring one back.</summary>
    readonly Dictionary<string, int> _departed = [];
    readonly Queue<string> _departures = new();
    readonly Dictionary<string, EngineerView> _engineers = [];
    readonly LinkedList<Alert> _alerts = new();
    readonly HashSet<string> _alertIds = [];
    (string Id, int Version)? _lastCaseChange;

    public bool Apply(BoardEvent boardEvent) => boardEvent.Type switch
    {
        BoardEventTypes.CaseChanged => ApplyCase(boardEvent.Case!),
        // Derived events go with the caseChanged before them: out of scope or a duplicate when it was.
        BoardEventTypes.SlaChanged or BoardEventTypes.Escalated => _lastCaseChange == (boardEvent.Case!.Id, boardEvent.Case.Version),
        BoardEventTypes.EngineerMoved => ApplyEngineer(boardEvent.Engineer!),
        BoardEventTypes.Alert => ApplyAlert(boardEvent.Alert!),
        // Not kept in the snapshot: a branch reads the proposals still standing from its dispatch policy.
        BoardEventTypes.DispatchProposed => branchId is null || boardEvent.Proposal!.BranchId == branchId,
        // Not kept in the snapshot either: the schedule board reads the region's day and takes the change's version.
        BoardEventTypes.ScheduleChanged => branchId is null || boardEvent.Schedule!.Region == regionId,
        _ => false,
    };

    public ImmutableArray<BoardRow> Cases =>
        _cases.Values.OrderBy(c => c.NextDueAt ?? DateTimeOffset.MaxValue).ThenBy(c => c.Id, StringComparer.Ordinal).ToImmutableArray();

    public ImmutableArray<EngineerView> Engineers => _engineers.Values.OrderBy(e => e.Id, StringComparer.Ordinal).ToImmutableArray();

    /// <summary>Recent alerts about cases still on this board (or about no case), oldest first.</summary>
    public ImmutableArray<Alert> OpenAlerts => _alerts.Where(a => a.CaseId is null || _cases.ContainsKey(a.CaseId)).ToImmutableArray();

    bool Includes(BoardRow row) =>
        row.IsOnBoard() && (branchId is null || (row.Region == regionId && (row.State == CaseState.Open || row.BranchId == branchId)));

    bool ApplyCase(BoardRow row)
    {
        _lastCaseChange = null;
        var known = _cases.GetValueOrDefault(row.Id);
        var knownVersion = known?.Version ?? _departed.GetValueOrDefault(row.Id);
        if (knownVersion >= row.Version) return false;
        if (Includes(row))
        {
            _cases[row.Id] = row;
        }
        else
        {
            // A case that was never here stays unannounced; one that leaves is announced once, so clients drop it.
            if (known is null) return false;
            _cases.Remove(row.Id);
            Depart(row);
        }
        _lastCaseChange = (row.Id, row.Version);
        return true;
    }

    void Depart(BoardRow row)
    {
        if (_departed.TryAdd(row.Id, row.Version)) _departures.Enqueue(row.Id);
        else _departed[row.Id] = row.Version;
        while (_departures.Count > retainedDepartures) _departed.Remove(_departures.Dequeue());
    }

    bool ApplyEngineer(EngineerView engineer)
    {
        if (branchId is not null && engineer.BranchId != branchId) return false;
        if (_engineers.TryGetValue(engineer.Id, out var known) && known.Version >= engineer.Version) return false;
        _engineers[engineer.Id] = engineer;
        return true;
    }

    bool ApplyAlert(Alert alert)
    {
        if (branchId is not null && (alert.Region != regionId || (alert.CaseId is not null && !_cases.ContainsKey(alert.CaseId)))) return false;
        if (!_alertIds.Add(alert.Id)) return false;
        _alerts.AddLast(alert);
        while (_alerts.Count > alertCapacity)
        {
            _alertIds.Remove(_alerts.First!.Value.Id);
            _alerts.RemoveFirst();
        }
        return true;
    }
}
