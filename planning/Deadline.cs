namespace ServiceGrid.Planning;

/// <summary>
/// The time a planner call has left of <see cref="PlannerSettings.TimeLimit"/>: the limit covers the whole call, so what the
/// travel matrix, the greedy start and the model took is not the search's, and a caller's "plan in 10 s" holds by construction.
/// </summary>
sealed class Deadline(PlannerSettings settings)
{
    readonly long _started = settings.Clock.GetTimestamp();

    /// <summary>The rest of the limit.</summary>
    public TimeSpan Remaining => Max(settings.TimeLimit - settings.Clock.GetElapsedTime(_started), TimeSpan.Zero);

    /// <summary>What a search may use: the rest less a twentieth of the limit, kept for reading the solution back and for
    /// OR-Tools' overrun past its limit (it looks at the clock between moves).</summary>
    public TimeSpan ForSearch => Max(Remaining - settings.TimeLimit / 20, TimeSpan.Zero);

    static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
