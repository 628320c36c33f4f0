using Microsoft.Extensions.Options;
using ServiceGrid.Cases;

namespace ServiceGrid.Web.Field;

/// <summary>Deletes the idempotency keys older than <see cref="IdempotencyOptions.Retention"/>, every <see cref="IdempotencyOptions.SweepPeriod"/>.</summary>
public sealed partial class IdempotencySweep(
    IIdempotencyStore store, IOptions<IdempotencyOptions> options, TimeProvider clock, ILogger<IdempotencySweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepPeriod, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var forgotten = await store.ForgetBeforeAsync(clock.GetUtcNow() - options.Value.Retention, stoppingToken);
                if (forgotten > 0) LogForgotten(logger, forgotten);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The database away for a moment: the next sweep deletes what this one could not.
                LogSweepFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Forgot {Count} idempotency key(s) past their retention")]
    static partial void LogForgotten(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The idempotency keys past their retention could not be deleted")]
    static partial void LogSweepFailed(ILogger logger, Exception exception);
}
