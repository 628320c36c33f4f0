using Microsoft.Extensions.Hosting;

namespace ServiceGrid.Demo;

/// <summary>Waiting for the host to have started, so that the silo answers grain calls.</summary>
static class DemoStartup
{
    /// <summary>Answers false when the host stops before it has started.</summary>
    public static async Task<bool> WaitForStartAsync(IHostApplicationLifetime lifetime, CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
