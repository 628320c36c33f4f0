using System.Net;
using System.Text;
using ServiceGrid.Tests.Web;

namespace ServiceGrid.Tests.Security;

/// <summary>
/// Thousands of hostile requests (generated from a fixed seed, so a failure replays) against every route: no answer
/// is a 5xx, none hangs, and the service still works afterwards.
/// </summary>
public sealed class FuzzTests(FuzzTests.KestrelFixture web) : IClassFixture<FuzzTests.KestrelFixture>
{
    /// <summary>A real Kestrel socket: the in-memory test transport refuses some hostile requests before any server sees them.</summary>
    public sealed class KestrelFixture : AuthorizationFixture
    {
        public KestrelFixture() => UseKestrel(0);
    }

    const int Seed = 20261125;
    const int RequestsPerRoute = 120;

    static readonly string[] HostileIds =
    [
        "..", "..%2f..%2fetc%2fpasswd", "%2e%2e", "a%00b", "a%0d%0aSet-Cookie:x=1", "%ff%fe", "<script>alert(1)</script>", "' OR '1'='1",
        "案例-1", "a b", "{id}", "%7Bid%7D", new string('x', 5_000), "-", "_", ".", "CON", "null", "0", "01unknown0000000",
    ];

    static readonly string[] HostileStrings =
    [
        "", " ", "\u0000", "\u202e", "\ud800", "🔧", "P0", "p1", "OPEN", "-1", "1e309", "NaN", "null", "true", "[]", "{}",
        new string('y', 70_000), "2026-13-45", "../../", "%00", "\r\n\r\n", "eng-beijing-1", "beijing", "cust-web-2",
    ];

    /// <summary>What a client can put in a header at all: printable ASCII.</summary>
    static readonly string[] HostileHeaderValues = [.. HostileStrings.Where(v => v.All(c => c is >= ' ' and <= '~'))];

    static readonly string[] HostileBodies =
    [
        "", "null", "[]", "true", "42", "\"text\"", "{", "}", "{\"a\":", "{\"branchId\":{\"$ne\":null}}", "\uFEFF{}",
        string.Concat(Enumerable.Repeat("[", 200)) + string.Concat(Enumerable.Repeat("]", 200)),
        "{\"score\":1e309}", "{\"score\":\"5\"}", "{\"qty\":-1}", "{\"lat\":\"north\",\"lon\":[]}", "{\"partsUsed\":[null,1,\"x\"]}",
        "{\"site\":{\"lat\":1e400,\"lon\":-1e400}}", "{\"note\":\"n\",\"occurredAt\":\"9999-12-31T23:59:59Z\"}", "{\"occurredAt\":{\"$gt\":0}}",
        "{\"signerName\":\"x\",\"imagePng\":\"" + new string('A', 800_000) + "\"}", "{\"signerName\":\"x\",\"imagePng\":\"data:image/png;base64,iVBORw0KGgo=\"}", "{\"summary\":\"s\",\"partsUsed\":[{\"depotId\":\"../x\",\"sku\":\"\",\"qty\":2147483648}]}",
    ];

    [Fact]
    public async Task Hostile_requests_to_every_route_never_get_a_5xx_and_the_service_survives()
    {
        var random = new Random(Seed);
        var clients = new[] { web.Api("hq").Http, web.Api("branch-beijing").Http, web.Api("cust-web-1").Http, web.CreateClient() };
        foreach (var client in clients) client.Timeout = TimeSpan.FromSeconds(10);
        var failures = new List<string>();

        foreach (var row in AuthorizationMatrixTests.Routes)
        {
            var (method, pattern) = ((string)row[0], (string)row[1]);
            for (var i = 0; i < RequestsPerRoute; i++)
            {
                using var request = Hostile(random, method, pattern);
                var description = $"{request.Method} {request.RequestUri}";
                try
                {
                    using var response = await clients[random.Next(clients.Length)].SendAsync(request);
                    if ((int)response.StatusCode >= 500) failures.Add($"{description}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    else if (response.Content.Headers.ContentLength is > 0 && (int)response.StatusCode >= 400)
                    {
                        var text = await response.Content.ReadAsStringAsync();
                        if (new[] { "   at ", "Exception", "ServiceGrid.", "System.", "Microsoft." }.Any(leak => text.Contains(leak, StringComparison.Ordinal)))
                            failures.Add($"{description}: leaks internals: {text}");
                    }
                }
                catch (TaskCanceledException)
                {
                    failures.Add($"{description}: no answer within 10 s");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(20)));
        Assert.Equal(HttpStatusCode.OK, (await web.CreateClient().GetAsync("/health/ready")).StatusCode);
        await web.Api("csc").OpenCaseAsync(region: "north");
    }

    const int LargeBody = 16 * 1024;

    static HttpRequestMessage Hostile(Random random, string method, string pattern)
    {
        var id = random.Next(4) == 0 ? Pick(random, ["01unknown0000000", "beijing", "eng-beijing-1", "cust-web-1", "depot-beijing", "SN-WEB-1"]) : Pick(random, HostileIds);
        var path = pattern.Replace("{id:gridId}", id).Replace("{serial:gridId}", id).Replace("{attachmentId:gridId}", Pick(random, HostileIds))
            .Replace("{visitId:gridId}", Pick(random, HostileIds)).Replace("{proposalId:gridId}", Pick(random, HostileIds));
        if (random.Next(2) == 0)
        {
            var name = Pick(random, ["region", "state", "severity", "page", "pageSize", "since", "branchId", "scope", "from", "to", "x", "q", "limit", "quarter", "by", "days", "date"]);
            path += $"?{name}={Uri.EscapeDataString(Pick(random, HostileStrings))}";
        }
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT")
        {
            var body = random.Next(3) == 0 ? Mutate(random) : Pick(random, HostileBodies);
            request.Content = new StringContent(body, Encoding.UTF8, random.Next(10) == 0 ? "text/plain" : "application/json");
            // A body over a route's limit is refused (413) before it is read: a client that sends it unasked may find the
            // connection closed under it. Asking first is how HTTP clients send large bodies.
            request.Headers.ExpectContinue = body.Length > LargeBody;
        }
        if (random.Next(5) == 0) request.Headers.TryAddWithoutValidation("Idempotency-Key", Pick(random, HostileHeaderValues));
        if (random.Next(10) == 0) request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Pick(random, HostileHeaderValues));
        return request;
    }

    /// <summary>A body of the contract's fields with hostile values.</summary>
    static string Mutate(Random random)
    {
        string[] fields = ["customerId", "kind", "severity", "channel", "title", "description", "region", "branchId", "engineerId", "note", "reason", "summary", "score", "comment", "lat", "lon",
            "serials", "startsAt", "endsAt", "sla", "department", "action", "dueAt", "outcome", "siteSurvey", "equipment", "route", "date", "serial",
            "occurredAt", "signerName", "imagePng", "answer",
            "windowStart", "windowEnd", "durationMinutes", "requiredSkill", "plannedStart", "horizonDays", "timeLimitSeconds", "visitId"];
        var parts = Enumerable.Range(0, random.Next(1, 6)).Select(_ =>
        {
            var value = Pick(random, HostileStrings);
            var json = random.Next(3) == 0 ? Pick(random, ["0", "-1", "5", "1e309", "2147483648", "null", "true", "[1]"]) : System.Text.Json.JsonSerializer.Serialize(value);
            return $"\"{Pick(random, fields)}\":{json}";
        });
        return "{" + string.Join(',', parts) + "}";
    }

    static string Pick(Random random, string[] values) => values[random.Next(values.Length)];
}
