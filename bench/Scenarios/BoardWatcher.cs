using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;

namespace ServiceGrid.Bench.Scenarios;

/// <summary>One board client: a SignalR connection subscribed to one scope, noting when each new case first reached it.</summary>
public sealed class BoardWatcher(HubConnection connection, string scope, string? region) : IAsyncDisposable
{
    readonly Dictionary<string, long> _seenAt = [];
    long _lastSeq = -1;

    public string Scope => scope;
    /// <summary>The region whose pool a branch scope sees; null for <c>hq</c>, which sees every case.</summary>
    public string? Region => region;
    public int Gaps { get; private set; }
    /// <summary><c>engineerMoved</c> events received (the board coalesces an engineer's positions within a batch).</summary>
    public int Moves { get; private set; }

    public static async Task<BoardWatcher> StartAsync(Uri url, string token, string scope, string? region)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(url, "/hubs/board"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        var watcher = new BoardWatcher(connection, scope, region);
        connection.On<ReceivedEvent>("boardEvent", watcher.Receive);
        await connection.StartAsync();
        await connection.InvokeAsync("Subscribe", scope);
        return watcher;
    }

    public bool TrySeen(string caseId, out long timestamp)
    {
        lock (_seenAt) return _seenAt.TryGetValue(caseId, out timestamp);
    }

    void Receive(ReceivedEvent boardEvent)
    {
        var now = Stopwatch.GetTimestamp();
        if (_lastSeq >= 0 && boardEvent.Seq != _lastSeq + 1) Gaps++;
        _lastSeq = boardEvent.Seq;
        if (boardEvent.Type == "engineerMoved") Moves++;
        if (boardEvent.Type != "caseChanged" || boardEvent.Case is not { } row) return;
        lock (_seenAt) _seenAt.TryAdd(row.Id, now);
    }

    /// <summary>
    /// The fields of a board event that the watcher reads; the JSON protocol skips the rest, where a JsonElement would copy
    /// every event whole, for each of a thousand clients that share the machine with the server.
    /// </summary>
    sealed record ReceivedEvent(long Seq, string Type, ReceivedRow? Case);

    sealed record ReceivedRow(string Id);

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
