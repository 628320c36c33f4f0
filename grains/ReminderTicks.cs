namespace ServiceGrid.Grains;

/// <summary>Where the first tick of a reminder that watches a due time goes.</summary>
public static class ReminderTicks
{
    /// <summary>Orleans reminders tick at most once a minute.</summary>
    public static readonly TimeSpan MinPeriod = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A second after <paramref name="dueAt"/> (late rather than early: a tick that finds nothing due yet waits a whole
    /// period), at least a minute ahead (Orleans' shortest), at most <paramref name="max"/> ahead (a later tick re-aims).
    /// </summary>
    public static TimeSpan FirstTick(DateTimeOffset dueAt, DateTimeOffset now, TimeSpan max)
    {
        var firstTick = dueAt - now + TimeSpan.FromSeconds(1);
        if (firstTick < MinPeriod) firstTick = MinPeriod;
        return firstTick > max ? max : firstTick;
    }
}
