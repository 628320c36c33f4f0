using ServiceGrid.Cases;

namespace ServiceGrid.Grains.Cases;

/// <summary>
/// What the command being handled on a case carries (<see cref="CaseCommandContext"/>): an idempotency key, so that a
/// command applied once is answered, not applied again, and <c>occurredAt</c>, the time the engineer did it, which meets
/// the milestone and is recorded beside the time it arrived. Owned by one activation of <see cref="CaseGrain"/>, which
/// handles one command at a time: <see cref="RunAsync"/> brackets each.
/// </summary>
public sealed class CaseCommandScope(IPersistentState<CaseRecord> state, CaseCommandOptions options, string slaActor)
{
    string? _key;
    DateTimeOffset? _requestedOccurredAt;
    DateTimeOffset? _occurredAt;
    int? _fromVersion;

    CaseRecord Record => state.State;

    /// <summary>
    /// Runs <paramref name="command"/> with what its call carries (<see cref="CaseCommandContext.Take"/>), unless a command
    /// with its key was applied before and its answer lost (the web crashed before recording it): then it answers false,
    /// and the case answers as it stands now.
    /// </summary>
    public async Task<bool> RunAsync(Func<Task> command)
    {
        var (key, occurredAt) = CaseCommandContext.Take();
        if (key is not null && Record.AppliedCommandKeys.Contains(key)) return false;
        _key = key;
        _requestedOccurredAt = occurredAt;
        try
        {
            await command();
            return true;
        }
        finally
        {
            _key = null;
            _requestedOccurredAt = _occurredAt = null;
            _fromVersion = null;
        }
    }

    /// <summary>Checks the command's time (<see cref="CheckOccurredAt"/>); answers it, or <paramref name="now"/> when it carries none.</summary>
    public DateTimeOffset Check(DateTimeOffset now)
    {
        _occurredAt = CheckOccurredAt(now);
        return _occurredAt ?? now;
    }

    /// <summary>What the case appends from here on is the command's own (the deadlines due before it are not).</summary>
    public void Changing() => _fromVersion = Record.Version;

    /// <summary>When the command being handled was done: its checked <c>occurredAt</c>, else <paramref name="now"/>.</summary>
    public DateTimeOffset Occurred(DateTimeOffset now) => _occurredAt ?? now;

    /// <summary>Marks the command's entries with when it was done and remembers its key, in the same write as the change.</summary>
    public void Stamp()
    {
        if (_fromVersion is not { } from) return;
        _fromVersion = null;
        if (_occurredAt is { } at)
        {
            for (var i = Record.Timeline.Count - 1; i >= 0 && Record.Timeline[i].Version > from; i--)
                Record.Timeline[i] = Record.Timeline[i] with { OccurredAt = at };
        }
        if (_key is { } key)
        {
            Record.AppliedCommandKeys.Add(key);
            var excess = Record.AppliedCommandKeys.Count - options.RememberedCommandKeys;
            if (excess > 0) Record.AppliedCommandKeys.RemoveRange(0, excess);
        }
    }

    /// <summary>
    /// The command's <c>occurredAt</c> checked against its bounds: not in the future (beyond the clock skew allowed),
    /// not older than <see cref="CaseCommandOptions.MaxOccurredAtAge"/>, not before the case's previous step.
    /// </summary>
    DateTimeOffset? CheckOccurredAt(DateTimeOffset now)
    {
        if (_requestedOccurredAt is not { } at) return null;
        if (at > now + options.ClockSkewAllowance)
            throw DomainException.Rule($"'occurredAt' {at:O} is in the future; the service's time is {now:O}.");
        if (at < now - options.MaxOccurredAtAge)
            throw DomainException.Rule($"'occurredAt' {at:O} is more than {options.MaxOccurredAtAge} before the service's time {now:O}.");
        // The SLA's own entries (at risk, breached) are not steps: a deadline can pass while the phone is offline.
        if (Record.Timeline.LastOrDefault(entry => entry.Actor != slaActor) is { } previous && at < (previous.OccurredAt ?? previous.At))
            throw DomainException.Rule(
                $"'occurredAt' {at:O} is before the case's previous step ('{previous.Type}' at {previous.OccurredAt ?? previous.At:O}).");
        return at < now ? at : now;
    }
}
