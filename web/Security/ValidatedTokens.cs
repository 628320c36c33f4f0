using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace ServiceGrid.Web.Security;

/// <summary>
/// Bearer tokens this process has already validated, with the principal each gave. A client sends the same token with
/// every request for hours; checking its signature, issuer, audience and lifetime again and building its claims each
/// time was a tenth of the server's CPU and a quarter of what it allocated at intake rates (bench/, perf, dotnet-trace).
/// A token is reused until it expires or <see cref="AuthOptions.ValidatedTokenReuse"/> passes, whichever is first, so a
/// changed signing key or issuer reaches every token within that time. Only tokens that passed validation get in, so
/// nobody can fill it without a signing key; when it is full of live tokens, new ones are simply validated every time.
/// The principals are shared between requests: nothing in this application changes a principal after sign-in.
/// </summary>
public sealed class ValidatedTokens(IOptions<AuthOptions> options, TimeProvider clock)
{
    sealed record Entry(ClaimsPrincipal Principal, DateTimeOffset Until);

    static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);

    readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    long _lastSweepTicks;

    public int Count => _entries.Count;

    public bool TryGet(ReadOnlySpan<char> token, [NotNullWhen(true)] out ClaimsPrincipal? principal)
    {
        if (_entries.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(token, out var entry) && clock.GetUtcNow() < entry.Until)
        {
            principal = entry.Principal;
            return true;
        }
        principal = null;
        return false;
    }

    public void Add(string token, ClaimsPrincipal principal, DateTimeOffset expiresAt)
    {
        var auth = options.Value;
        var now = clock.GetUtcNow();
        var until = expiresAt < now + auth.ValidatedTokenReuse ? expiresAt : now + auth.ValidatedTokenReuse;
        if (until <= now) return;
        if (_entries.Count >= auth.ValidatedTokenCapacity && !_entries.ContainsKey(token))
        {
            SweepExpired(now);
            if (_entries.Count >= auth.ValidatedTokenCapacity) return;
        }
        _entries[token] = new Entry(principal, until);
    }

    /// <summary>Drops expired tokens, at most once a second: a cache full of live ones must not cost a scan per request.</summary>
    void SweepExpired(DateTimeOffset now)
    {
        var last = Interlocked.Read(ref _lastSweepTicks);
        if (now.UtcTicks - last < SweepInterval.Ticks || Interlocked.CompareExchange(ref _lastSweepTicks, now.UtcTicks, last) != last) return;
        foreach (var pair in _entries)
            if (pair.Value.Until <= now) _entries.TryRemove(pair);
    }
}
