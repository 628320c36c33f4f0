using ServiceGrid.Events;

namespace ServiceGrid.Grains.ReadModel;

/// <summary>
/// The case changes a projection has not written yet: the newest view per case, with the union of its entries, so a
/// burst of changes to one case becomes one row to write. Used on the projection grain's turns only.
/// </summary>
public sealed class CaseChangeBuffer
{
    Dictionary<string, CaseChanged> _pending = [];

    public int Count => _pending.Count;

    public void Add(CaseChanged changed)
    {
        var id = changed.Case.Id;
        _pending[id] = _pending.TryGetValue(id, out var known) ? Merge(known, changed) : changed;
    }

    /// <summary>Removes and answers at most <paramref name="max"/> cases' changes.</summary>
    public IReadOnlyCollection<CaseChanged> Take(int max)
    {
        if (_pending.Count <= max)
        {
            var all = _pending.Values;
            _pending = [];
            return all;
        }
        var batch = _pending.Values.Take(max).ToList();
        foreach (var changed in batch) _pending.Remove(changed.Case.Id);
        return batch;
    }

    /// <summary>The newer view, with the entries of both (a version appears once).</summary>
    static CaseChanged Merge(CaseChanged a, CaseChanged b)
    {
        var newer = a.Case.Version >= b.Case.Version ? a.Case : b.Case;
        var entries = a.Entries.Concat(b.Entries).DistinctBy(entry => entry.Version).OrderBy(entry => entry.Version);
        return new CaseChanged(newer, [.. entries]);
    }
}
