namespace ServiceGrid.Cases;

/// <summary>
/// What travels with a case command besides its arguments, on Orleans' <see cref="RequestContext"/> so that every
/// command of <see cref="ICaseGrain"/> takes it without a change of signature: the caller's idempotency key (already
/// scoped to the user), so that the case applies a command once however often it arrives, and the time the engineer
/// did it (<c>occurredAt</c>), which meets the SLA milestone instead of the time the phone found a signal.
/// </summary>
public static class CaseCommandContext
{
    const string KeyName = "servicegrid.command-key";
    const string OccurredAtName = "servicegrid.occurred-at";

    /// <summary>The idempotency key of the command being handled, if its caller sent one.</summary>
    public static string? Key => RequestContext.Get(KeyName) as string;

    /// <summary>When the command was done, if its caller said so; else it was done when it arrives.</summary>
    public static DateTimeOffset? OccurredAt => RequestContext.Get(OccurredAtName) is DateTimeOffset at ? at : null;

    /// <summary>
    /// Reads the context and removes it from the current call, so that the calls the case makes in turn (an engineer, a
    /// depot) do not carry a key and a time that belong to this command only.
    /// </summary>
    public static (string? Key, DateTimeOffset? OccurredAt) Take()
    {
        var taken = (Key, OccurredAt);
        RequestContext.Remove(KeyName);
        RequestContext.Remove(OccurredAtName);
        return taken;
    }

    /// <summary>Sets the context for the grain calls made until the answer is disposed.</summary>
    public static IDisposable Enter(string? key, DateTimeOffset? occurredAt)
    {
        if (key is not null) RequestContext.Set(KeyName, key);
        if (occurredAt is not null) RequestContext.Set(OccurredAtName, occurredAt.Value);
        return new Scope();
    }

    sealed class Scope : IDisposable
    {
        public void Dispose()
        {
            RequestContext.Remove(KeyName);
            RequestContext.Remove(OccurredAtName);
        }
    }
}
