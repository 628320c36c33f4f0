using System.Net;
using System.Net.Sockets;

namespace ServiceGrid.Bench.Scenarios;

/// <summary>
/// A stand-in OTLP/HTTP collector on loopback: it reads each export the web posts (protobuf, any signal), counts the
/// requests and bytes, and answers 200 with an empty export response, as a collector that keeps up would.
/// </summary>
public sealed class OtlpSink : IAsyncDisposable
{
    readonly HttpListener _listener = new();
    readonly Task _serving;
    long _requests;
    long _bytes;

    public OtlpSink()
    {
        var port = FreePort();
        Endpoint = new Uri($"http://127.0.0.1:{port}");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _serving = ServeAsync();
    }

    public Uri Endpoint { get; }
    public long Requests => Interlocked.Read(ref _requests);
    public long Bytes => Interlocked.Read(ref _bytes);

    async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            _ = ReceiveAsync(context);
        }
    }

    /// <summary>One export, read in full; one cut off by a web process the bench killed is just not counted.</summary>
    async Task ReceiveAsync(HttpListenerContext context)
    {
        try
        {
            await using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            Interlocked.Add(ref _bytes, body.Length);
            Interlocked.Increment(ref _requests);
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
        catch (Exception exception) when (exception is HttpListenerException or IOException or ObjectDisposedException)
        {
            context.Response.Abort();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _serving;
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
