namespace ServiceGrid.Tests.Infrastructure;

/// <summary>Polls something that is fed asynchronously (a read model, the alert log) until it holds, or a deadline passes.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Reads <paramref name="read"/> until <paramref name="holds"/> is true and answers that value; after the
    /// deadline answers the last value read, so the caller's assertions report what was actually seen.</summary>
    public static async Task<T> Until<T>(Func<Task<T>> read, Func<T, bool> holds, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            var value = await read();
            if (holds(value) || DateTime.UtcNow >= deadline) return value;
            await Task.Delay(50);
        }
    }
}
