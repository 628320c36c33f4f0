using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using ServiceGrid.Board;
using ServiceGrid.Cases;
using ServiceGrid.Tests.Web;
using ServiceGrid.Web.Hosting;

namespace ServiceGrid.Tests.Board;

/// <summary>
/// A board client as the pages are written (live.js): subscribe, take the snapshot, apply events with seq above its
/// version, and take a new snapshot on a gap or a new epoch. It records every event it was sent, and can be told to lose some.
/// </summary>
public sealed class BoardWatcher : IAsyncDisposable
{
    readonly HubConnection _hub;
    readonly HttpClient _http;
    readonly string _scope;
    readonly SemaphoreSlim _gate = new(1, 1);
    readonly List<BoardEvent> _received = [];
    readonly Dictionary<string, BoardRow> _cases = [];
    long _version;
    string? _epoch;

    BoardWatcher(string baseUrl, string scope, string token)
    {
        _scope = scope;
        _http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        _http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        _hub = new HubConnectionBuilder()
            .WithUrl($"{baseUrl}/hubs/board", options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .AddJsonProtocol(json => ServiceGridWebExtensions.ConfigureContract(json.PayloadSerializerOptions))
            .Build();
        _hub.On<BoardEvent>("boardEvent", OnEventAsync);
    }

    /// <summary>How many of the next events to lose, as a dropped connection would.</summary>
    public int LoseNext { get; set; }
    public int Snapshots { get; private set; }

    /// <summary>Signs in as <paramref name="user"/> (demo password) on the fixture and watches <paramref name="scope"/> on
    /// the web node at <paramref name="baseUrl"/>.</summary>
    public static async Task<BoardWatcher> StartAsync(BoardWebFixture web, string scope, string user = "hq", string? baseUrl = null) =>
        await ConnectAsync(baseUrl ?? web.BaseUrl, scope, await web.TokenAsync(user));

    /// <summary>Watches <paramref name="scope"/> on the web node at <paramref name="baseUrl"/> with a token already issued.</summary>
    public static async Task<BoardWatcher> ConnectAsync(string baseUrl, string scope, string token)
    {
        var watcher = new BoardWatcher(baseUrl, scope, token);
        await watcher._gate.WaitAsync();
        try
        {
            await watcher._hub.StartAsync();
            await watcher._hub.InvokeAsync("Subscribe", scope);
            await watcher.ResyncAsync();
        }
        finally
        {
            watcher._gate.Release();
        }
        return watcher;
    }

    public IReadOnlyList<BoardEvent> Received { get { lock (_received) return [.. _received]; } }

    public BoardRow? Case(string id) { lock (_cases) return _cases.GetValueOrDefault(id); }

    async Task OnEventAsync(BoardEvent boardEvent)
    {
        await _gate.WaitAsync();
        try
        {
            lock (_received) _received.Add(boardEvent);
            if (LoseNext > 0)
            {
                LoseNext--;
                return;
            }
            if (boardEvent.Epoch != _epoch) await ResyncAsync();
            else if (boardEvent.Seq <= _version) return;
            else if (boardEvent.Seq > _version + 1) await ResyncAsync();
            else Apply(boardEvent);
        }
        finally
        {
            _gate.Release();
        }
    }

    void Apply(BoardEvent boardEvent)
    {
        _version = boardEvent.Seq;
        if (boardEvent is not { Type: BoardEventTypes.CaseChanged, Case: { } row }) return;
        lock (_cases)
        {
            if (row.State is CaseState.Resolved or CaseState.Closed or CaseState.Cancelled) _cases.Remove(row.Id);
            else _cases[row.Id] = row;
        }
    }

    async Task ResyncAsync()
    {
        var snapshot = (await _http.GetFromJsonAsync<BoardSnapshot>($"/api/board?scope={_scope}", ApiClient.Json))!;
        Snapshots++;
        lock (_cases)
        {
            _cases.Clear();
            foreach (var row in snapshot.Cases) _cases[row.Id] = row;
        }
        _version = snapshot.Version;
        _epoch = snapshot.Epoch;
    }

    /// <summary>Waits until an event satisfies the condition; answers it.</summary>
    public async Task<BoardEvent> WaitForAsync(Func<BoardEvent, bool> condition, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(5));
        while (DateTime.UtcNow < deadline)
        {
            if (Received.FirstOrDefault(condition) is { } found) return found;
            await Task.Delay(20);
        }
        var snapshot = await _http.GetFromJsonAsync<BoardSnapshot>($"/api/board?scope={_scope}", ApiClient.Json);
        Assert.Fail($"{_scope}: no such event within the time (board version {snapshot!.Version}, client at {_version}); got {string.Join(", ", Received.Select(e => $"{e.Seq}:{e.Type}:{e.Case?.Id}"))}");
        return null!;
    }

    /// <summary>Waits until this client's board shows every one of <paramref name="cases"/> at its version.</summary>
    public async Task WaitForCasesAsync(IReadOnlyCollection<CaseView> cases, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (cases.All(c => Case(c.Id)?.Version == c.Version)) return;
            await Task.Delay(50);
        }
        var behind = cases.Where(c => Case(c.Id)?.Version != c.Version).Select(c => $"{c.Id} v{c.Version} (board: {Case(c.Id)?.Version.ToString() ?? "none"})");
        Assert.Fail($"{_scope}: the board does not show {string.Join(", ", behind)} (client at {_version}, {Snapshots} snapshot(s))");
    }

    public async ValueTask DisposeAsync()
    {
        await _hub.DisposeAsync();
        _http.Dispose();
    }
}
