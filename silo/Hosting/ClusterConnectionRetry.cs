using Microsoft.Extensions.Logging;
using ServiceGrid.Grains;

namespace ServiceGrid.Silo.Hosting;

/// <summary>
/// A cluster client (the web node in <c>external</c> mode) keeps trying to connect until its host stops. Orleans' default
/// filter gives up after a bounded number of attempts and the host's start then throws: a web node started together with
/// the silos after a crash of every process, or before any silo has created the schema (42P01: relation "orleansquery"
/// does not exist), exited instead of waiting for the cluster (issue #14). The web host does not wait for the connection
/// (ClusterConnection in web/Hosting), so trying forever holds up nothing.
/// </summary>
public sealed partial class ClusterConnectionRetry(ILogger<ClusterConnectionRetry> logger) : IClientConnectionRetryFilter
{
    /// <summary>
    /// Attempts are 0.25, 0.5, then 1 s apart: an attempt that finds no live gateway has the client re-read the gateways
    /// from the membership table, so a silo that has just become active is found within a second; a cluster that stays
    /// down costs one query a second.
    /// </summary>
    readonly Backoff _backoff = new(TimeSpan.FromSeconds(0.25), TimeSpan.FromSeconds(1));
    readonly Lock _lock = new();
    int _attempts;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        int attempt;
        TimeSpan delay;
        // Backoff is not thread-safe, and nothing promises that Orleans asks from one thread at a time.
        lock (_lock) (attempt, delay) = (++_attempts, _backoff.Next());
        LogRetrying(logger, attempt, delay.TotalSeconds, exception.GetType().Name, exception.Message);
        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connecting to the cluster failed (attempt {Attempt}); trying again in {DelaySeconds} s. {ExceptionType}: {Reason}")]
    static partial void LogRetrying(ILogger logger, int attempt, double delaySeconds, string exceptionType, string reason);
}
