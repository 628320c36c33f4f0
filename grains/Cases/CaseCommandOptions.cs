using System.ComponentModel.DataAnnotations;

namespace ServiceGrid.Grains.Cases;

/// <summary>
/// How a case takes commands that were done earlier than they arrive (a phone offline in a basement) and commands that
/// arrive more than once (bound from <c>ServiceGrid:CaseCommands</c>).
/// </summary>
public sealed class CaseCommandOptions
{
    public const string Section = "ServiceGrid:CaseCommands";

    /// <summary>The oldest <c>occurredAt</c> a command may carry: a day covers a shift without signal, not a backdated report.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan MaxOccurredAtAge { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How far a phone's clock may run ahead of the service's; an <c>occurredAt</c> within it counts as now.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ClockSkewAllowance { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How many of its latest idempotency keys a case remembers, to apply a command once when the web's record of the key
    /// was lost in a crash between the command and its recording; a phone's outbox holds a few dozen actions per case.
    /// </summary>
    [Range(1, 10_000)]
    public int RememberedCommandKeys { get; set; } = 200;
}
