using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ServiceGrid.Demo;

/// <summary>Loads the demo organization once the silo has started, retrying while the cluster is still forming.</summary>
public sealed partial class DemoSeeder(
    DemoLoader loader,
    IOptions<DemoOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider clock,
    ILogger<DemoSeeder> logger) : BackgroundService
{
    const int MaxAttempts = 10;
    static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Organization != true) return;
        // Grain calls need a running silo: every hosted service, the silo included, has started when this fires.
        if (!await DemoStartup.WaitForStartAsync(lifetime, stoppingToken)) return;

        try
        {
            for (var attempt = 1; attempt <= MaxAttempts; attempt++)
            {
                try
                {
                    LogLoaded(logger, await loader.LoadAsync(stoppingToken));
                    return;
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    LogLoadFailed(logger, exception, attempt, MaxAttempts);
                    if (attempt < MaxAttempts) await Task.Delay(RetryDelay, clock, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping; a partly loaded organization is completed by the next start.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo organization loaded (chart defined by this silo: {Defined})")]
    static partial void LogLoaded(ILogger logger, bool defined);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Loading the demo organization failed (attempt {Attempt} of {MaxAttempts})")]
    static partial void LogLoadFailed(ILogger logger, Exception exception, int attempt, int maxAttempts);
}
