using System.Net;
using System.Text;

namespace ServiceGrid.Tests.Web;

/// <summary>Every bad input is a 400 problem with an <c>errors</c> entry naming the field (API.md "Status codes").</summary>
[Collection(WebCollection.Name)]
public sealed class ValidationTests(WebFixture web)
{
    readonly HttpClient _http = web.Api().Http;

    [Theory]
    [InlineData("""{"kind":"service","severity":"P9","channel":"hotline","title":"t","description":"d","customerId":"cust-web-1","region":"north"}""", "severity")]
    [InlineData("""{"kind":"repair","severity":"P3","channel":"hotline","title":"t","description":"d","customerId":"cust-web-1","region":"north"}""", "kind")]
    [InlineData("""{"kind":"service","severity":"P3","channel":"fax","title":"t","description":"d","customerId":"cust-web-1","region":"north"}""", "channel")]
    [InlineData("""{"kind":"service","severity":"P3","channel":"hotline","description":"d","customerId":"cust-web-1","region":"north"}""", "title")]
    [InlineData("""{"kind":"service","severity":"P3","channel":"hotline","title":"t","description":"d","region":"north"}""", "customerId")]
    [InlineData("""{"kind":"service","severity":"P3","channel":"hotline","title":"t","description":"d","customerId":"cust-web-1","site":{"lat":12,"lon":181}}""", "site.lon")]
    [InlineData("""{"kind":"service","severity":"P3","channel":"hotline","title":"t","description":"d","customerId":"cust web"}""", "customerId")]
    [InlineData("""{"kind":"service","severity":3,"channel":"hotline","title":"t","description":"d","customerId":"cust-web-1"}""", "$.severity")]
    public async Task A_bad_case_request_names_the_field(string body, string field)
    {
        var problem = await ApiClient.ProblemAsync(await PostAsync("/api/cases", body), HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task Malformed_json_is_a_bad_request_with_the_position_in_its_errors()
    {
        var problem = await ApiClient.ProblemAsync(await PostAsync("/api/cases", """{"kind":"service","""), HttpStatusCode.BadRequest);

        var error = Assert.Single(problem["errors"]!.AsObject());
        Assert.StartsWith("$", error.Key);
    }

    [Fact]
    public async Task A_title_over_200_characters_is_refused()
    {
        var body = $$"""{"kind":"service","severity":"P3","channel":"hotline","title":"{{new string('x', 201)}}","description":"d","customerId":"cust-web-1","region":"north"}""";

        var problem = await ApiClient.ProblemAsync(await PostAsync("/api/cases", body), HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]!["title"]);
    }

    [Theory]
    [InlineData("survey", """{"score":6}""", "score")]
    [InlineData("survey", """{"score":0}""", "score")]
    [InlineData("claim", """{}""", "branchId")]
    [InlineData("dispatch", """{"engineerId":""}""", "engineerId")]
    [InlineData("respond", """{}""", "note")]
    [InlineData("escalate", """{}""", "reason")]
    [InlineData("reassign", """{}""", "branchId")]
    [InlineData("resolve", """{"summary":"s","partsUsed":[{"depotId":"depot-beijing","sku":"SEAL-02","qty":0}]}""", "partsUsed[0].qty")]
    [InlineData("resolve", """{"summary":"s","faultReport":{"diagnosis":"d"}}""", "faultReport.rootCause")]
    public async Task A_bad_command_body_names_the_field(string command, string body, string field)
    {
        var problem = await ApiClient.ProblemAsync(await PostAsync($"/api/cases/01unknown0000000/{command}", body), HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task A_missing_body_is_a_bad_request()
    {
        using var response = await _http.PostAsync("/api/cases/01unknown0000000/claim", new StringContent("", Encoding.UTF8, "application/json"));

        await ApiClient.ProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("/api/cases?state=lost", "state")]
    [InlineData("/api/cases?severity=P0", "severity")]
    [InlineData("/api/cases?page=0", "page")]
    [InlineData("/api/cases?pageSize=1000", "pageSize")]
    [InlineData("/api/cases?region=atlantis", "region")]
    public async Task A_bad_list_filter_names_the_parameter(string path, string field)
    {
        var problem = await ApiClient.ProblemAsync(await _http.GetAsync(path), HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_refused_before_it_is_read()
    {
        var body = $$"""{"kind":"service","description":"{{new string('x', 70_000)}}"}""";

        await ApiClient.ProblemAsync(await PostAsync("/api/cases", body), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task An_oversized_idempotency_key_is_refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/cases")
        {
            Content = new StringContent("""{"kind":"service","severity":"P3","channel":"hotline","title":"t","description":"d","customerId":"cust-web-1","region":"north"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", new string('k', 129));

        var problem = await ApiClient.ProblemAsync(await _http.SendAsync(request), HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]!["Idempotency-Key"]);
    }

    Task<HttpResponseMessage> PostAsync(string path, string body) =>
        _http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
}
