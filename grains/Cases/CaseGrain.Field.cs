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
    CaseCommandScope? _command;

    CaseCommandScope Command => _command ??=
        new(state, ServiceProvider.GetRequiredService<IOptions<CaseCommandOptions>>().Value, CaseSlaTransitions.Actor);

    public Task<CaseView> StartTravel(string actor) => ApplyAsync(now => CaseField.StartTravel(Record, actor, now));

    public Task<CaseView> Sign(string signerName, string attachmentId, string actor) =>
        ApplyAsync(now => CaseField.Sign(Record, signerName, attachmentId, actor, now));

    public async Task Invoke(IIncomingGrainCallContext call)
    {
        if (!IsCaseCommand(call)) await call.Invoke();
        // Applied before, and its answer lost: the case as it stands now.
        else if (!await Command.RunAsync(call.Invoke)) call.Result = Record.ToView(Id);
    }

    static bool IsCaseCommand(IIncomingGrainCallContext call) =>
        call.InterfaceMethod.ReturnType == typeof(Task<CaseView>) && call.MethodName is not (nameof(Open) or nameof(Get));

    /// <summary>When the command being handled was done: its checked <c>occurredAt</c>, else <paramref name="now"/>.</summary>
    DateTimeOffset Occurred(DateTimeOffset now) => Command.Occurred(now);
}
