using System.Buffers;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace ServiceGrid.Bench.Scenarios;

/// <summary>
/// One board client, noting when each new case first reached it. It speaks SignalR's JSON hub protocol over a WebSocket
/// itself (negotiate, handshake, <c>Subscribe</c>, then <c>boardEvent</c> invocations and pings), as the browser's
/// client does, and reads only the three fields it needs without building a document. A thousand of them share two
/// cores with the server they measure, so they should cost as little as they can: with
/// <c>Microsoft.AspNetCore.SignalR.Client</c> they took more CPU than the server (README, Performance).
/// </summary>
public sealed class BoardWatcher : IAsyncDisposable
{
    const byte RecordSeparator = 0x1e;
    /// <summary>Half the server's default client timeout (30 s), as SignalR clients ping.</summary>
    static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(15);
    static readonly byte[] Ping = Encoding.UTF8.GetBytes("{\"type\":6}\u001e");

    readonly ClientWebSocket _socket;
    readonly Dictionary<string, long> _seenAt = [];
    readonly CancellationTokenSource _stop = new();
    readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly SemaphoreSlim _send = new(1, 1);
    Task _receiving = Task.CompletedTask;
    Task _pinging = Task.CompletedTask;
    long _lastSeq = -1;

    BoardWatcher(ClientWebSocket socket, string scope, string? region) => (_socket, Scope, Region) = (socket, scope, region);

    public string Scope { get; }
    /// <summary>The region whose pool a branch scope sees; null for <c>hq</c>, which sees every case.</summary>
    public string? Region { get; }
    public int Gaps { get; private set; }
    /// <summary><c>engineerMoved</c> events received (the board coalesces an engineer's positions within a batch).</summary>
    public int Moves { get; private set; }

    public static async Task<BoardWatcher> StartAsync(Uri url, string token, string scope, string? region)
    {
        using var http = new HttpClient { BaseAddress = url };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var negotiated = await http.PostAsync("/hubs/board/negotiate?negotiateVersion=1", null);
        negotiated.EnsureSuccessStatusCode();
        var connectionToken = (await negotiated.Content.ReadFromJsonAsync<Negotiation>())!.ConnectionToken;

        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
        var ws = new UriBuilder(url) { Scheme = url.Scheme == "https" ? "wss" : "ws", Path = "/hubs/board", Query = $"id={Uri.EscapeDataString(connectionToken)}" };
        await socket.ConnectAsync(ws.Uri, CancellationToken.None);

        var watcher = new BoardWatcher(socket, scope, region);
        await watcher.SendAsync("{\"protocol\":\"json\",\"version\":1}\u001e");
        watcher._receiving = watcher.ReceiveAsync();
        await watcher.SendAsync($"{{\"type\":1,\"invocationId\":\"subscribe\",\"target\":\"Subscribe\",\"arguments\":[\"{scope}\"]}}\u001e");
        await watcher._subscribed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        watcher._pinging = watcher.PingAsync();
        return watcher;
    }

    public bool TrySeen(string caseId, out long timestamp)
    {
        lock (_seenAt) return _seenAt.TryGetValue(caseId, out timestamp);
    }

    async Task ReceiveAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer.GetMemory(8 * 1024), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close) break;
                buffer.Advance(result.Count);
                if (!result.EndOfMessage) continue;
                var now = Stopwatch.GetTimestamp();
                var records = buffer.WrittenMemory;
                for (var end = records.Span.IndexOf(RecordSeparator); end >= 0; end = records.Span.IndexOf(RecordSeparator))
                {
                    Handle(records.Span[..end], now);
                    records = records[(end + 1)..];
                }
                // A record split across WebSocket messages waits for its end.
                var rest = records.ToArray();
                buffer.ResetWrittenCount();
                buffer.Write(rest);
            }
        }
        catch (Exception exception)
        {
            // Disposing ends a receive still waiting; before the subscription, any failure is the start's.
            _subscribed.TrySetException(exception);
        }
    }

    /// <summary>
    /// One hub message: the handshake answer (<c>{}</c>), the Subscribe completion (type 3), or an invocation (type 1)
    /// whose one argument is the board event. Read with a forward-only reader: property names at depth 1 are the
    /// message's, at depth 3 the event's, at depth 4 those of the object the last depth-3 name introduced.
    /// </summary>
    void Handle(ReadOnlySpan<byte> message, long now)
    {
        var reader = new Utf8JsonReader(message);
        int? messageType = null;
        string? error = null;
        var isBoardEvent = false;
        var seq = -1L;
        var eventType = EventType.Other;
        string? caseId = null;
        var inCase = false;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName) continue;
            switch (reader.CurrentDepth)
            {
                case 1 when reader.ValueTextEquals("type"u8):
                    reader.Read();
                    messageType = reader.GetInt32();
                    break;
                case 1 when reader.ValueTextEquals("target"u8):
                    reader.Read();
                    isBoardEvent = reader.ValueTextEquals("boardEvent"u8);
                    break;
                case 1 when reader.ValueTextEquals("error"u8):
                    reader.Read();
                    error = reader.GetString();
                    break;
                case 3:
                    inCase = reader.ValueTextEquals("case"u8);
                    if (reader.ValueTextEquals("seq"u8))
                    {
                        reader.Read();
                        seq = reader.GetInt64();
                    }
                    else if (reader.ValueTextEquals("type"u8))
                    {
                        reader.Read();
                        eventType = reader.ValueTextEquals("caseChanged"u8) ? EventType.CaseChanged
                            : reader.ValueTextEquals("engineerMoved"u8) ? EventType.EngineerMoved : EventType.Other;
                    }
                    break;
                case 4 when inCase && reader.ValueTextEquals("id"u8):
                    reader.Read();
                    caseId = reader.GetString();
                    break;
            }
        }
        if (error is not null) _subscribed.TrySetException(new InvalidOperationException(error));
        else if (messageType == 3) _subscribed.TrySetResult();
        else if (messageType == 1 && isBoardEvent) Receive(seq, eventType, caseId, now);
    }

    void Receive(long seq, EventType type, string? caseId, long now)
    {
        if (_lastSeq >= 0 && seq != _lastSeq + 1) Gaps++;
        _lastSeq = seq;
        if (type == EventType.EngineerMoved) Moves++;
        if (type != EventType.CaseChanged || caseId is null) return;
        lock (_seenAt) _seenAt.TryAdd(caseId, now);
    }

    enum EventType { Other, CaseChanged, EngineerMoved }

    async Task PingAsync()
    {
        using var timer = new PeriodicTimer(PingInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token)) await SendAsync(Ping);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    Task SendAsync(string message) => SendAsync(Encoding.UTF8.GetBytes(message));

    async Task SendAsync(byte[] message)
    {
        await _send.WaitAsync();
        try
        {
            await _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        }
        finally
        {
            _send.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _pinging;
        try
        {
            // The server answers with its own close, which ends the receive loop.
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception exception) when (exception is WebSocketException or TimeoutException)
        {
            // The server went first, or does not answer: disposing the socket ends the loop.
        }
        _socket.Dispose();
        await _receiving;
        _stop.Dispose();
        _send.Dispose();
    }

    sealed record Negotiation(string ConnectionToken);
}
