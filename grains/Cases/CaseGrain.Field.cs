using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ServiceGrid.Cases;

namespace ServiceGrid.Grains.Cases;

/// <summary>
/// The field engineer's commands (travel, the customer's signature), and the filter that hands what every command may
/// carry (an idempotency key, <c>occurredAt</c>) to <see cref="CaseCommandScope"/>.
/// </summary>
public sealed partial class CaseGrain : IIncomingGrainCallFilter
{
    static readonly HashSet<CaseState> Signable = [CaseState.Responded, CaseState.OnSite, CaseState.Resolved];

    CaseCommandScope? _command;

    CaseCommandScope Command => _command ??=
        new(state, ServiceProvider.GetRequiredService<IOptions<CaseCommandOptions>>().Value, SlaActor);

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
        if (Command.WasApplied(key))
        {
            // Applied before, and its answer lost: the case as it stands now.
            call.Result = Record.ToView(Id);
            return;
        }
        Command.Start(key, occurredAt);
        try
        {
            await call.Invoke();
        }
        finally
        {
            Command.End();
        }
    }

    static bool IsCaseCommand(IIncomingGrainCallContext call) =>
        call.InterfaceMethod.ReturnType == typeof(Task<CaseView>) && call.MethodName is not (nameof(Open) or nameof(Get));

    /// <summary>When the command being handled was done: its checked <c>occurredAt</c>, else <paramref name="now"/>.</summary>
    DateTimeOffset Occurred(DateTimeOffset now) => Command.Occurred(now);

    /// <summary>Before the command changes the case: its time is checked, and what it appends from here on is its own.</summary>
    async Task BeginCommandAsync(DateTimeOffset now)
    {
        // Deadlines up to when it was done: an arrival made on time but sent late does not breach the on-site milestone first.
        await ApplyDueDeadlinesAsync(Command.Check(now));
        Command.Changing();
    }

    void StampCommand() => Command.Stamp();
}
