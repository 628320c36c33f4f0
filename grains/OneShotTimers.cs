namespace ServiceGrid.Grains;

/// <summary>The grains' one-shot timers: each grain keeps one per purpose and moves it rather than register another.</summary>
public static class OneShotTimers
{
    /// <summary>
    /// Arms <paramref name="timer"/> to fire once after <paramref name="dueIn"/> (at once if that has passed), registering
    /// it on first use (<paramref name="interleave"/>: its callback may run between the grain's other turns); returns the
    /// timer to keep.
    /// </summary>
    public static IGrainTimer ArmOnce(this IGrainBase grain, IGrainTimer? timer, Func<Task> callback, TimeSpan dueIn, bool interleave = false)
    {
        if (dueIn < TimeSpan.Zero) dueIn = TimeSpan.Zero;
        if (timer is null)
            return grain.RegisterGrainTimer(callback, new GrainTimerCreationOptions(dueIn, Timeout.InfiniteTimeSpan) { Interleave = interleave });
        timer.Change(dueIn, Timeout.InfiniteTimeSpan);
        return timer;
    }
}
