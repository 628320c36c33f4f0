using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ServiceGrid.Tests.Infrastructure;

/// <summary>
/// The <see cref="TimeProviderNames.Grains"/> clock of the test silo: the fake clock for grains, real time for system targets.
/// </summary>
/// <remarks>
/// Orleans 10 drives grain timers and system-target timers through the same grain-area <see cref="TimeProvider"/>, and
/// <c>UseTimeProviderForBackgroundAreas</c> leaves that area on the default (fake) clock. The memory-stream pulling
/// agents are system targets whose queue pump is such a timer, so with a frozen fake clock no stream event would ever
/// be delivered and the read models would never move. Timers created in a system target's context therefore run on
/// real time; every grain timer (the case's SLA deadline timer among them) runs on the fake clock.
/// </remarks>
public sealed class GrainTimerClock(FakeTimeProvider fake, IServiceProvider services) : TimeProvider
{
    // Resolved on first use: the accessor depends (through the hosted client) on services that need this clock.
    IGrainContextAccessor? _contexts;

    public override DateTimeOffset GetUtcNow() => fake.GetUtcNow();

    public override long GetTimestamp() => fake.GetTimestamp();

    public override long TimestampFrequency => fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => fake.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        (_contexts ??= services.GetRequiredService<IGrainContextAccessor>()).GrainContext is { } context && SystemTargetGrainId.IsSystemTargetGrainId(context.GrainId)
            ? System.CreateTimer(callback, state, dueTime, period)
            : fake.CreateTimer(callback, state, dueTime, period);
}
