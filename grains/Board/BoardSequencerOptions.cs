using System.ComponentModel.DataAnnotations;

namespace ServiceGrid.Grains.Board;

/// <summary>How each scope's sequencer batches the board's events (section <c>ServiceGrid:Board</c>).</summary>
public sealed class BoardSequencerOptions
{
    public const string Section = "ServiceGrid:Board";

    /// <summary>
    /// At most one batch of case events per window, however hot a case is: an event after a quiet window leaves at once,
    /// the ones that follow it within the window share the batch sent at its end.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// The most events in one stream message. A storm (100,000 deadlines, bench/) can hold a window open long enough to
    /// gather thousands, and the memory streams' cache refuses a message over 1 MB: it drops the whole read with it.
    /// </summary>
    [Range(1, 1_000)]
    public int MaxBatchEvents { get; set; } = 500;

    /// <summary>Engineer positions within this window are coalesced to the latest per engineer.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:05")]
    public TimeSpan EngineerWindow { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How many of its latest events a sequencer keeps for the web nodes that missed a batch (<c>EventsAfter</c>); a node
    /// further behind hands its clients a gap, and they take a new snapshot.
    /// </summary>
    [Range(0, 100_000)]
    public int RetainedEvents { get; set; } = 1_000;

    /// <summary>How many recent alerts a board keeps for its snapshot.</summary>
    [Range(1, 10_000)]
    public int RecentAlerts { get; set; } = 50;

    /// <summary>Versions of cases that left a board, kept so that a late duplicate cannot bring one back.</summary>
    [Range(100, 1_000_000)]
    public int RetainedDepartures { get; set; } = 20_000;

    /// <summary>A feed's first wait before it hands a sequencer the events it refused again; it doubles with each failure.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan OutboxFirstRetry { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between two hand-offs a sequencer refused.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan OutboxMaxRetry { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>
    /// How long a feed keeps events a sequencer keeps refusing; then they go (the repair after a silo's death brings
    /// the board up to date).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan OutboxMaxHold { get; set; } = TimeSpan.FromMinutes(2);
}
