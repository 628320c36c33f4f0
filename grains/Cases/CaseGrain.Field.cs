using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ServiceGrid.Cases;

namespace ServiceGrid.Grains.Cases;

/// <summary>
/// The field engineer's commands (travel, the customer's signature) and what every command may carry on
/// <see cref="CaseCommandContext"/>: an idempotency key, so that a command applied once is answered, not applied again,
/// and <c>occurredAt</c>, the time the engineer did it, which meets the milestone and is recorded beside the time it arrived.
/// </summary>
public sealed partial class CaseGrain : IIncomingGrainCallFilter
{
    static readonly HashSet<CaseState> Signable = [CaseState.Responded, CaseState.OnSite, CaseState.Resolved];

    CaseCommandOptions? _commandOptions;
    string? _commandKey;
    DateTimeOffset? _requestedOccurredAt;
    DateTimeOffset? _occurredAt;
    int? _commandFromVersion;

    CaseCommandOptions CommandOptions => _commandOptions ??= ServiceProvider.GetRequiredService<IOptions<CaseCommandOptions>>().Value;

    public async Task<CaseView> StartTravel(string actor)
    {
        var now = await BeginAsync();
        if (Record.State != CaseState.Responded)
            throw DomainException.Conflict($"The case is '{CaseTransitions.Name(Record.State)}'; travel starts once the engineer has responded and before arriving.");
        Record.Append(TimelineTypes.TravelStarted, actor, now, engineerId: Record.EngineerId);
        return await CommitAsync(now);
    }

    public async Task<CaseView> Sign(string signerName, string attachmentId, string actor)
    {
        var now = await BeginAsync();
        if (!Signable.Contains(Record.State))
            throw DomainException.Conflict($"The case is '{CaseTransitions.Name(Record.State)}'; the customer signs the dispatch form once the engineer has responded, up to its resolution.");
        Record.Timeline.Add(new TimelineEntry
        {
            Version = ++Record.Version, At = now, Type = TimelineTypes.Signed, Actor = actor, Note = signerName,
            EngineerId = Record.EngineerId, AttachmentId = attachmentId,
        });
        return await CommitAsync(now);
    }

    public async Task Invoke(IIncomingGrainCallContext call)
    {
        if (!IsCaseCommand(call))
        {
            await call.Invoke();
            return;
        }
        var (key, occurredAt) = CaseCommandContext.Take();
        if (key is not null && Record.AppliedCommandKeys.Contains(key))
        {
            // Applied before, and its answer lost (the web crashed before recording it): the case as it stands now.
            call.Result = Record.ToView(Id);
            return;
        }
        _commandKey = key;
        _requestedOccurredAt = occurredAt;
        try
        {
            await call.Invoke();
        }
        finally
        {
            _commandKey = null;
            _requestedOccurredAt = _occurredAt = null;
            _commandFromVersion = null;
        }
    }

    static bool IsCaseCommand(IIncomingGrainCallContext call) =>
        call.InterfaceMethod.ReturnType == typeof(Task<CaseView>) && call.MethodName is not (nameof(Open) or nameof(Get));

    /// <summary>
    /// The command's <c>occurredAt</c> checked against its bounds: not in the future (beyond the clock skew allowed),
    /// not older than <see cref="CaseCommandOptions.MaxOccurredAtAge"/>, not before the case's previous step.
    /// </summary>
    DateTimeOffset? CheckOccurredAt(DateTimeOffset now)
    {
        if (_requestedOccurredAt is not { } at) return null;
        var options = CommandOptions;
        if (at > now + options.ClockSkewAllowance)
            throw DomainException.Rule($"'occurredAt' {at:O} is in the future; the service's time is {now:O}.");
        if (at < now - options.MaxOccurredAtAge)
            throw DomainException.Rule($"'occurredAt' {at:O} is more than {options.MaxOccurredAtAge} before the service's time {now:O}.");
        // The SLA's own entries (at risk, breached) are not steps: a deadline can pass while the phone is offline.
        if (Record.Timeline.LastOrDefault(entry => entry.Actor != SlaActor) is { } previous && at < (previous.OccurredAt ?? previous.At))
            throw DomainException.Rule(
                $"'occurredAt' {at:O} is before the case's previous step ('{previous.Type}' at {previous.OccurredAt ?? previous.At:O}).");
        return at < now ? at : now;
    }

    /// <summary>When the command being handled was done: its checked <c>occurredAt</c>, else <paramref name="now"/>.</summary>
    DateTimeOffset Occurred(DateTimeOffset now) => _occurredAt ?? now;

    /// <summary>Before the command changes the case: its time is checked, and what it appends from here on is its own.</summary>
    async Task BeginCommandAsync(DateTimeOffset now)
    {
        _occurredAt = CheckOccurredAt(now);
        // Deadlines up to when it was done: an arrival made on time but sent late does not breach the on-site milestone first.
        await ApplyDueDeadlinesAsync(_occurredAt ?? now);
        _commandFromVersion = Record.Version;
    }

    /// <summary>Marks the command's entries with when it was done and remembers its key, in the same write as the change.</summary>
    void StampCommand()
    {
        if (_commandFromVersion is not { } from) return;
        _commandFromVersion = null;
        if (_occurredAt is { } at)
        {
            for (var i = Record.Timeline.Count - 1; i >= 0 && Record.Timeline[i].Version > from; i--)
                Record.Timeline[i] = Record.Timeline[i] with { OccurredAt = at };
        }
        if (_commandKey is { } key)
        {
            Record.AppliedCommandKeys.Add(key);
            var excess = Record.AppliedCommandKeys.Count - CommandOptions.RememberedCommandKeys;
            if (excess > 0) Record.AppliedCommandKeys.RemoveRange(0, excess);
        }
    }
}
