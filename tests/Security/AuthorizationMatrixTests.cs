using System.Net;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ServiceGrid.Web.Security;

namespace ServiceGrid.Tests.Security;

/// <summary>
/// Every role × every /api route × its own and a foreign resource. The expectation string lists, for hq, csc,
/// branch, engineer and customer in that order: <c>B</c> both resources allowed, <c>O</c> only its own, <c>-</c> none.
/// "Allowed" means anything but 401/403 (a command may still be refused by the case's state); refused means 403.
/// </summary>
public sealed class AuthorizationMatrixTests(AuthorizationFixture web) : IClassFixture<AuthorizationFixture>
{
    static readonly string[] Users = ["hq", "csc", "branch-beijing", "eng-beijing-1", "cust-web-1"];

    const string CustomerFeed = "/api/board/?scope=customer";

    /// <summary>(method, route pattern as mapped, body with placeholders, expectation).</summary>
    public static readonly TheoryData<string, string, string, string> Routes = new()
    {
        { "POST", "/api/cases/", """{"customerId":"{customer}","kind":"service","severity":"P4","channel":"portal","title":"t","description":"d","region":"{region}"}""", "BB--O" },
        { "GET", "/api/cases/", "", "BBOBB" },
        { "GET", "/api/cases/{id:gridId}", "", "BBOOO" },
        { "POST", "/api/cases/{id:gridId}/claim", """{"branchId":"{branch}"}""", "B-O--" },
        { "POST", "/api/cases/{id:gridId}/dispatch", """{"engineerId":"{engineer}"}""", "B-O--" },
        { "POST", "/api/cases/{id:gridId}/respond", """{"note":"n"}""", "B-OO-" },
        { "POST", "/api/cases/{id:gridId}/arrive", "{}", "B-OO-" },
        { "POST", "/api/cases/{id:gridId}/resolve", """{"summary":"s","partsUsed":[{"depotId":"{depot}","sku":"NOPE","qty":1}]}""", "B-OO-" },
        { "POST", "/api/cases/{id:gridId}/close", "{}", "BBO--" },
        { "POST", "/api/cases/{id:gridId}/escalate", """{"reason":"r"}""", "BBOO-" },
        { "POST", "/api/cases/{id:gridId}/reassign", """{"branchId":"{branch}","engineerId":"{engineer}"}""", "B-O--" },
        { "POST", "/api/cases/{id:gridId}/survey", """{"score":5}""", "BB--O" },
        { "POST", "/api/cases/{id:gridId}/cancel", """{"reason":"r"}""", "BB---" },
        { "POST", "/api/cases/{id:gridId}/pause", """{"reason":"r"}""", "BBOO-" },
        { "POST", "/api/cases/{id:gridId}/resume", """{"reason":"r"}""", "BBOO-" },
        { "GET", "/api/regions", "", "BBBB-" },
        { "GET", "/api/branches", "", "BBBB-" },
        { "GET", "/api/branches/{id:gridId}/queue", "", "BBO--" },
        { "GET", "/api/escalations", "", "BB---" },
        { "GET", "/api/customers/{id:gridId}", "", "BB--O" },
        { "GET", "/api/depots/{id:gridId}/stock", "", "BBBB-" },
        { "GET", "/api/engineers", "", "BBO--" },
        { "GET", "/api/engineers/{id:gridId}", "", "BB-O-" },
        { "POST", "/api/engineers/{id:gridId}/location", """{"lat":39.9,"lon":116.4}""", "B--O-" },
        { "GET", "/api/alerts/", "", "BB---" },
        { "GET", "/api/board/", "", "BBO--" },
        // Not a route of its own: the board's snapshot for a customer's own feed (scope customer:{id}), what the portal follows.
        { "GET", CustomerFeed, "", "BB--O" },
        { "POST", "/api/depots/{id:gridId}/reservations", """{"caseId":"{case}","sku":"PUMP-01","qty":1}""", "B-OO-" },
        { "POST", "/api/depots/transfers", """{"fromDepotId":"{depot}","toDepotId":"depot-tianjin","sku":"SEAL-02","qty":1}""", "B----" },
        { "PUT", "/api/depots/{id:gridId}/reorder-points/{sku:gridId}", """{"level":2}""", "B----" },
        { "POST", "/api/returns/", """{"caseId":"{case}","sku":"PUMP-01","serial":"SN-M-1"}""", "B-OO-" },
        { "GET", "/api/returns/{id:gridId}", "", "B-O--" },
        { "POST", "/api/returns/{id:gridId}/repaired", "{}", "B----" },
        { "POST", "/api/returns/{id:gridId}/inspected", """{"passed":true}""", "B----" },
        { "GET", "/api/reports/monthly", "", "BB---" },
        { "GET", "/api/equipment/{serial:gridId}", "", "BB--O" },
        { "POST", "/api/contracts", """{"customerId":"{customer}","serials":["{serial}"],"startsAt":"2026-01-01T00:00:00Z","endsAt":"2027-01-01T00:00:00Z"}""", "BB---" },
        { "GET", "/api/contracts/{id:gridId}", "", "BB--O" },
        { "GET", "/api/inspections", "", "BBO--" },
        { "POST", "/api/cases/{id:gridId}/capa", """{"department":"Quality","action":"a","dueAt":"2030-01-01T00:00:00Z"}""", "BB---" },
        { "POST", "/api/cases/{id:gridId}/capa/close", """{"outcome":"o"}""", "BB---" },
        { "POST", "/api/cases/{id:gridId}/relocation-plan", """{"siteSurvey":"s","equipment":"e","route":"r","date":"2030-01-01T00:00:00Z"}""", "B-O--" },
        { "POST", "/api/cases/{id:gridId}/relocation-plan/approve", "{}", "BB--O" },
        { "POST", "/api/cases/{id:gridId}/substitute", """{"serial":"LOAN-1"}""", "B-O--" },
        { "POST", "/api/cases/{id:gridId}/substitute/return", "{}", "B-O--" },
        { "GET", "/api/cases/{id:gridId}/candidates", "", "BBO--" },
        { "POST", "/api/cases/{id:gridId}/pin", "{}", "B-O--" },
        { "POST", "/api/cases/{id:gridId}/unpin", "{}", "B-O--" },
        { "GET", "/api/branches/{id:gridId}/dispatch-policy", "", "BBO--" },
        { "PUT", "/api/branches/{id:gridId}/dispatch-policy", """{"mode":"suggest"}""", "B-O--" },
        { "PUT", "/api/engineers/{id:gridId}/profile", """{"skills":["CNC-5000"],"capacity":1}""", "B-O--" },
        { "PUT", "/api/engineers/{id:gridId}/availability", """{"status":"available"}""", "B-OO-" },
        { "POST", "/api/cases/{id:gridId}/travel", "{}", "B-OO-" },
        { "POST", "/api/cases/{id:gridId}/signature", """{"signerName":"Li Wei","imagePng":"{png}"}""", "B-OO-" },
        { "GET", "/api/cases/{id:gridId}/attachments/{attachmentId:gridId}", "", "BBOOO" },
        { "GET", "/api/cases/{id:gridId}/job", "", "BBOOO" },
        { "GET", "/api/customers", "", "BB---" },
        { "POST", "/api/cases/{id:gridId}/notes", """{"note":"n"}""", "BB--O" },
        { "POST", "/api/cases/{id:gridId}/answer", """{"answer":"a"}""", "BB---" },
        { "GET", "/api/cases/{id:gridId}/tracking", "", "BB--O" },
        { "GET", "/api/surveys/call-backs", "", "BB---" },
        { "GET", "/api/surveys/follow-ups", "", "BB---" },
        { "POST", "/api/surveys/follow-ups/{id:gridId}/outcome", """{"outcome":"o"}""", "BB---" },
        { "GET", "/api/follow-up-visits", "", "BB---" },
        { "POST", "/api/follow-up-visits/{id:gridId}/outcome", """{"outcome":"o"}""", "BB---" },
        { "GET", "/api/reports/satisfaction", "", "BB---" },
        { "POST", "/api/cases/{id:gridId}/relocation-plan/reject", """{"reason":"r"}""", "BB--O" },
        { "POST", "/api/cases/{id:gridId}/visits", """{"windowStart":"{windowStart}","windowEnd":"{windowEnd}","durationMinutes":60}""", "BBO--" },
        { "GET", "/api/cases/{id:gridId}/visits", "", "BBOOO" },
        { "PUT", "/api/cases/{id:gridId}/visits/{visitId:gridId}/plan", """{"engineerId":"{engineer}","plannedStart":"{visitStart}"}""", "B-O--" },
        { "POST", "/api/cases/{id:gridId}/visits/{visitId:gridId}/unpin", "{}", "B-O--" },
        { "POST", "/api/cases/{id:gridId}/visits/{visitId:gridId}/cancel", """{"reason":"r"}""", "B-O--" },
        { "POST", "/api/cases/{id:gridId}/visits/{visitId:gridId}/travel", "{}", "B--O-" },
        { "POST", "/api/cases/{id:gridId}/visits/{visitId:gridId}/arrive", "{}", "B--O-" },
        { "POST", "/api/cases/{id:gridId}/visits/{visitId:gridId}/done", "{}", "B--O-" },
        { "GET", "/api/cases/{id:gridId}/slots", "", "BBO-O" },
        { "GET", "/api/engineers/{id:gridId}/plan", "", "BBOO-" },
        { "GET", "/api/regions/{id:gridId}/schedule", "", "B-O--" },
        { "POST", "/api/regions/{id:gridId}/replan", """{"horizonDays":0,"timeLimitSeconds":0.2}""", "B-O--" },
        { "POST", "/api/regions/{id:gridId}/replan/{proposalId:gridId}/apply", "{}", "B-O--" },
        { "DELETE", "/api/regions/{id:gridId}/replan/{proposalId:gridId}", "", "B-O--" },
        // The same route fitting one visit in (issue 18's P1 insertion): an unknown visit is 404, past authorization.
        { "POST", "/api/regions/{id:gridId}/replan", """{"visitId":"v-matrix-unknown","timeLimitSeconds":0.2}""", "B-O--" },
    };

    [Fact]
    public void Every_api_route_names_an_operation_and_is_in_the_matrix()
    {
        var mapped = web.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api", StringComparison.Ordinal))
            .ToList();
        var inMatrix = Routes.Select(row => $"{row[0]} {row[1]}").ToHashSet();

        Assert.NotEmpty(mapped);
        foreach (var endpoint in mapped)
        {
            var method = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods.Single();
            var key = $"{method} {endpoint.RoutePattern.RawText}";
            if (key == "POST /api/auth/token") continue;
            // The API's reference is public, as the document it shows (tests/Web/ApiDocumentationTests).
            if (endpoint.RoutePattern.RawText!.StartsWith(ServiceGrid.Web.Hosting.ApiDocumentation.ReferencePath, StringComparison.Ordinal)) continue;
            Assert.True(endpoint.Metadata.GetMetadata<AccessMetadata>() is not null, $"{key} has no access rule");
            Assert.True(inMatrix.Contains(key), $"{key} is missing from the authorization matrix");
        }
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Each_role_may_do_exactly_what_its_row_allows(string method, string pattern, string body, string expectation)
    {
        for (var i = 0; i < Users.Length; i++)
        {
            foreach (var own in new[] { true, false })
            {
                var allowed = expectation[i] == 'B' || (expectation[i] == 'O' && own);
                using var response = await SendAsync(web.Api(Users[i]).Http, method, pattern, body, own);
                var status = response.StatusCode;
                var what = $"{Users[i]} {method} {pattern} ({(own ? "own" : "foreign")}): {(int)status} {await response.Content.ReadAsStringAsync()}";
                if (allowed) Assert.True(status is not HttpStatusCode.Forbidden and not HttpStatusCode.Unauthorized && (int)status < 500, what);
                else Assert.True(status == HttpStatusCode.Forbidden, what);
            }
        }
    }

    [Theory]
    [InlineData("branch-beijing")]
    [InlineData("eng-beijing-1")]
    [InlineData("cust-web-1")]
    public async Task Lists_show_a_limited_user_its_own_case_and_never_a_foreign_one(string user)
    {
        var api = web.Api(user);

        var listed = await api.EventuallyAsync<Web.CaseListAnswer>("/api/cases?pageSize=200", page => page.Items.Any(c => c.Id == web.OwnCase));

        Assert.DoesNotContain(listed.Items, c => c.Id == web.ForeignCase);
        Assert.Equal(listed.Total, listed.Items.Length);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Without_a_token_every_route_is_401_problem_details(string method, string pattern, string body, string expectation)
    {
        using var response = await SendAsync(web.CreateClient(), method, pattern, body, own: true);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotEmpty(expectation);
    }

    Task<HttpResponseMessage> SendAsync(HttpClient http, string method, string pattern, string body, bool own)
    {
        var values = new Dictionary<string, string>
        {
            ["{case}"] = own ? web.OwnCase : web.ForeignCase,
            ["{branch}"] = own ? "beijing" : "shanghai",
            ["{region}"] = own ? "north" : "east",
            ["{engineer}"] = own ? "eng-beijing-1" : "eng-shanghai-1",
            ["{customer}"] = own ? AuthorizationFixture.Customer : AuthorizationFixture.ForeignCustomer,
            ["{depot}"] = own ? "depot-beijing" : "depot-shanghai",
            ["{return}"] = own ? web.OwnReturn : web.ForeignReturn,
            ["{serial}"] = own ? AuthorizationFixture.Serial : AuthorizationFixture.ForeignSerial,
            ["{contract}"] = own ? web.OwnContract : web.ForeignContract,
            ["{png}"] = Convert.ToBase64String(Field.FieldApiTests.TinyPng),
            ["{visit}"] = own ? web.OwnVisit : web.ForeignVisit,
            ["{windowStart}"] = AuthorizationFixture.VisitWindowStart.ToString("O"),
            ["{windowEnd}"] = AuthorizationFixture.VisitWindowEnd.ToString("O"),
            ["{visitStart}"] = AuthorizationFixture.VisitStart.ToString("O"),
        };
        var id = pattern switch
        {
            _ when pattern.StartsWith("/api/cases/{id", StringComparison.Ordinal) => "{case}",
            _ when pattern.StartsWith("/api/branches/{id", StringComparison.Ordinal) => "{branch}",
            _ when pattern.StartsWith("/api/engineers/{id", StringComparison.Ordinal) => "{engineer}",
            _ when pattern.StartsWith("/api/customers/{id", StringComparison.Ordinal) => "{customer}",
            _ when pattern.StartsWith("/api/returns/{id", StringComparison.Ordinal) => "{return}",
            _ when pattern.StartsWith("/api/contracts/{id", StringComparison.Ordinal) => "{contract}",
            _ when pattern.StartsWith("/api/surveys/follow-ups/{id", StringComparison.Ordinal) => "{case}",
            _ when pattern.StartsWith("/api/follow-up-visits/{id", StringComparison.Ordinal) => "{case}",
            _ when pattern.StartsWith("/api/regions/{id", StringComparison.Ordinal) => "{region}",
            _ => "{depot}",
        };
        var path = pattern.Replace("{id:gridId}", values[id]).Replace("{sku:gridId}", "PUMP-01").Replace("{serial:gridId}", values["{serial}"])
            .Replace("{attachmentId:gridId}", "sig-unknown").Replace("{visitId:gridId}", values["{visit}"]).Replace("{proposalId:gridId}", "rp-unknown");
        // Filters that name a branch take the user's own or a foreign one.
        if (pattern is "/api/engineers" or "/api/inspections") path += $"?branchId={values["{branch}"]}";
        if (pattern == "/api/board/") path += $"?scope=branch:{values["{branch}"]}";
        if (pattern == CustomerFeed) path += $":{values["{customer}"]}";
        if (pattern == "/api/cases/" && method == "GET" && !own) path += $"?region={values["{region}"]}";
        if (pattern == "/api/customers") path += "?q=cust";
        if (pattern.EndsWith("/plan", StringComparison.Ordinal) && method == "GET" || pattern.EndsWith("/schedule", StringComparison.Ordinal))
            path += $"?date={AuthorizationFixture.VisitStart:yyyy-MM-dd}";
        foreach (var (placeholder, value) in values) body = body.Replace(placeholder, value);
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT") request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        return http.SendAsync(request);
    }
}
