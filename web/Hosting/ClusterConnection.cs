namespace ServiceGrid.Web.Hosting;

/// <summary>
/// Whether this web node can reach the grid's grains. A cohosted node always can (its host starts the silo before Kestrel).
/// An <c>external</c> node connects in the background: Orleans' client is a hosted service whose start blocks until it is
/// connected, which held Kestrel (no <c>/health/live</c>, no answer at all) for as long as the cluster was down, and made
/// host start throw when the client gave up (issue #14). Meanwhile <see cref="ClusterGate"/> answers 503.
/// </summary>
public sealed partial class ClusterConnection : IHostedService, IDisposable
{
    readonly IHostedService? _client;
    readonly IHostApplicationLifetime? _lifetime;
    readonly ILogger? _logger;
    readonly CancellationTokenSource _stopping = new();
    Task _connecting = Task.CompletedTask;
    volatile bool _connected;

    ClusterConnection(IHostedService? client, IHostApplicationLifetime? lifetime, ILogger? logger) =>
        (_client, _lifetime, _logger, _connected) = (client, lifetime, logger, client is null);

    /// <summary>A cohosted node: connected from the start.</summary>
    public static ClusterConnection Cohosted() => new(null, null, null);

    /// <summary>An external node, which starts <paramref name="orleansClient"/> (the Orleans client's hosted service) in the background.</summary>
    public static ClusterConnection External(IHostedService orleansClient, IHostApplicationLifetime lifetime, ILogger<ClusterConnection> logger) =>
        new(orleansClient, lifetime, logger);

    public bool IsConnected => _connected;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_client is not null) _connecting = Task.Run(() => ConnectAsync(_client, _stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    async Task ConnectAsync(IHostedService client, CancellationToken stopping)
    {
        try
        {
            // Retried until the host stops (ClusterConnectionRetry): an exception here is not a cluster that is down.
            await client.StartAsync(stopping);
            _connected = true;
            LogConnected(_logger!);
        }
        catch (Exception exception) when (!stopping.IsCancellationRequested)
        {
            LogCannotConnect(_logger!, exception);
            _lifetime!.StopApplication();
        }
        catch (Exception) when (stopping.IsCancellationRequested)
        {
            // The host stops before the cluster was reached.
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_client is null) return;
        await _stopping.CancelAsync();
        await _connecting.WaitAsync(cancellationToken);
        await _client.StopAsync(cancellationToken);
    }

    public void Dispose() => _stopping.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to the cluster")]
    static partial void LogConnected(ILogger logger);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The cluster client cannot start; stopping the web node")]
    static partial void LogCannotConnect(ILogger logger, Exception exception);
}
