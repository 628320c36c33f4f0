namespace ServiceGrid.Grains;

/// <summary>
/// The wait before the next retry: it doubles with every failure, up to <paramref name="max"/>, and starts again at
/// <paramref name="first"/> after a success. Not thread-safe: each is owned by one grain (or one single-threaded loop).
/// </summary>
public sealed class Backoff(TimeSpan first, TimeSpan max)
{
    readonly TimeSpan _first = first;
    TimeSpan _next = first;

    /// <summary>Whether no failure was counted since the last <see cref="Reset"/>.</summary>
    public bool AtFirst => _next == _first;

    /// <summary>The wait to use now; the one after it is twice as long (up to the maximum).</summary>
    public TimeSpan Next()
    {
        var delay = _next;
        _next = TimeSpan.FromTicks(Math.Min(_next.Ticks * 2, max.Ticks));
        return delay;
    }

    /// <summary>
    /// <see cref="Next"/> spread by a random half either way, so that callers refused together (full stream queues) do
    /// not retry together.
    /// </summary>
    public TimeSpan NextJittered() => Next() * (0.5 + Random.Shared.NextDouble());

    public void Reset() => _next = _first;
}
