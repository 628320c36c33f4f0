using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ServiceGrid.Cases;
using ServiceGrid.Organization;
using ServiceGrid.Tests.Web;
using ServiceGrid.Web.Field;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ServiceGrid.Tests.Field;

/// <summary>Issue 16 over HTTP: Idempotency-Key on every case command, occurredAt, and the customer's signature.</summary>
[Collection(WebCollection.Name)]
public sealed class FieldApiTests(WebFixture web)
{
    readonly ApiClient _api = web.Api();

    /// <summary>A 1×1 PNG, as a signature pad would send (smaller).</summary>
    public static readonly byte[] TinyPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    /// <summary>A case command route mapped outside the marked groups would run twice on a phone's replay.</summary>
    [Fact]
    public void Every_post_on_one_case_takes_an_idempotency_key_and_occurredAt()
    {
        var unmarked = web.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/cases/{id", StringComparison.Ordinal) == true
                && e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains("POST") == true
                && e.Metadata.GetMetadata<CaseCommandMetadata>() is null)
            .Select(e => e.RoutePattern.RawText);
        Assert.Empty(unmarked);
    }

    [Fact]
    public async Task A_replay_with_the_same_key_and_body_answers_the_first_outcome_and_changes_nothing()
    {
        var caseId = await DispatchedCaseAsync();
        var key = NewKey();

        using var first = await SendAsync(caseId, "respond", """{"note":"On my way"}""", key);
        using var replay = await SendAsync(caseId, "respond", """{"note":"On my way"}""", key);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, replay.StatusCode));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());
        Assert.True(replay.Headers.Contains("Idempotent-Replayed"));
        var view = await _api.GetAsync<CaseView>($"/api/cases/{caseId}");
        Assert.Single(view.Timeline, e => e.Type == TimelineTypes.Responded);
    }

    [Fact]
    public async Task The_same_key_with_another_body_or_another_route_is_422()
    {
        var caseId = await DispatchedCaseAsync();
        var key = NewKey();
        using var first = await SendAsync(caseId, "respond", """{"note":"On my way"}""", key);

        using var otherBody = await SendAsync(caseId, "respond", """{"note":"Something else"}""", key);
        using var otherRoute = await SendAsync(caseId, "escalate", """{"note":"On my way"}""", key);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("different request", (await ApiClient.ProblemAsync(otherBody, HttpStatusCode.UnprocessableEntity))["detail"]!.GetValue<string>());
        await ApiClient.ProblemAsync(otherRoute, HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Keys_are_per_user_so_another_users_key_of_the_same_text_is_its_own_command()
    {
        var caseId = await DispatchedCaseAsync();
        var key = NewKey();

        using var hq = await SendAsync(caseId, "pause", """{"reason":"Customer away"}""", key);
        using var csc = await SendAsync(caseId, "resume", """{"reason":"Customer back"}""", key, web.Api("csc"));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (hq.StatusCode, csc.StatusCode));
    }

    [Fact]
    public async Task Identical_requests_in_flight_at_once_run_the_command_once_and_all_answer_its_outcome()
    {
        var caseId = await DispatchedCaseAsync();
        var key = NewKey();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var response = await SendAsync(caseId, "respond", """{"note":"Racing"}""", key);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
        Assert.Single(answers.Select(a => a.Body).Distinct());
        var view = await _api.GetAsync<CaseView>($"/api/cases/{caseId}");
        Assert.Single(view.Timeline, e => e.Type == TimelineTypes.Responded);
    }

    [Fact]
    public async Task A_command_run_by_a_node_that_died_before_recording_it_is_taken_over_and_not_applied_twice()
    {
        var caseId = await DispatchedCaseAsync();
        var key = NewKey();
        const string body = """{"note":"On my way"}""";
        // The dead node claimed the key (its lease long gone) and the case applied the command; no outcome was recorded.
        var store = web.Services.GetRequiredService<IIdempotencyStore>();
        var claimedAt = DateTimeOffset.UtcNow.AddMinutes(-5);
        await store.ClaimAsync(new IdempotencyClaimRequest("hq", key, Fingerprint($"/api/cases/{caseId}/respond", body), claimedAt, claimedAt.AddSeconds(30), claimedAt.AddDays(-7)), default);
        using (CaseCommandContext.Enter(CaseCommandFilter.GrainKey("hq", key), null))
            await web.Grains.GetGrain<ICaseGrain>(caseId).Respond("On my way", "hq");

        using var retry = await SendAsync(caseId, "respond", body, key);

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        var view = await _api.GetAsync<CaseView>($"/api/cases/{caseId}");
        Assert.Single(view.Timeline, e => e.Type == TimelineTypes.Responded);
        using var replay = await SendAsync(caseId, "respond", body, key);
        Assert.Equal(await retry.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());
    }

    /// <summary>The filter's fingerprint of a request, as the dead node would have stored it.</summary>
    static string Fingerprint(string path, string body) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes($"POST {path}\n{body}")));

    [Fact]
    public async Task A_refusal_is_an_outcome_too_and_its_replay_answers_it_even_after_the_case_moved_on()
    {
        var caseId = await DispatchedCaseAsync();
        var key = NewKey();

        using var early = await SendAsync(caseId, "arrive", "{}", key);
        await _api.CommandAsync(caseId, "respond", new { note = "n" });
        using var replay = await SendAsync(caseId, "arrive", "{}", key);

        var first = await ApiClient.ProblemAsync(early, HttpStatusCode.Conflict);
        var again = await ApiClient.ProblemAsync(replay, HttpStatusCode.Conflict);
        Assert.Equal(first["detail"]!.GetValue<string>(), again["detail"]!.GetValue<string>());
        Assert.Equal(CaseState.Responded, (await _api.GetAsync<CaseView>($"/api/cases/{caseId}")).State);
    }

    [Fact]
    public async Task A_malformed_request_is_not_an_outcome_and_the_key_stays_free_for_the_corrected_one()
    {
        var caseId = await DispatchedCaseAsync();
        var key = NewKey();

        using var bad = await SendAsync(caseId, "respond", """{"note":""}""", key);
        using var good = await SendAsync(caseId, "respond", """{"note":""}""".Replace("\"\"", "\"fixed\""), key);

        await ApiClient.ProblemAsync(bad, HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
    }

    [Fact]
    public async Task OccurredAt_meets_the_milestone_and_both_times_are_in_the_timeline()
    {
        var caseId = await DispatchedCaseAsync();
        // Between the dispatch (the case's previous step) and now.
        var respondedAt = (await _api.GetAsync<CaseView>($"/api/cases/{caseId}")).Timeline[^1].At.AddTicks(1);
        var body = $$"""{"note":"Called from the car park","occurredAt":"{{respondedAt:O}}"}""";

        using var response = await SendAsync(caseId, "respond", body, NewKey());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = (await response.Content.ReadFromJsonAsync<CaseView>(ApiClient.Json))!;
        Assert.Equal(respondedAt, view.Sla.Response.MetAt);
        var entry = view.Timeline[^1];
        Assert.Equal(respondedAt, entry.OccurredAt);
        Assert.True(entry.At > respondedAt);
    }

    [Theory]
    [InlineData("""{"note":"n","occurredAt":"yesterday"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"note":"n","occurredAt":12}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"note":"n","occurredAt":"2030-01-01T00:00:00Z"}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("""{"note":"n","occurredAt":"2020-01-01T00:00:00Z"}""", HttpStatusCode.UnprocessableEntity)]
    public async Task A_bad_occurredAt_is_refused_with_a_clear_message(string body, HttpStatusCode expected)
    {
        var caseId = await DispatchedCaseAsync();

        using var response = await SendAsync(caseId, "respond", body, NewKey());

        var problem = await ApiClient.ProblemAsync(response, expected);
        Assert.Contains("occurredAt", problem.ToJsonString());
        Assert.Equal(CaseState.Dispatched, (await _api.GetAsync<CaseView>($"/api/cases/{caseId}")).State);
    }

    [Theory]
    [InlineData("a\u0001b")]
    [InlineData("k123456789k123456789k123456789k123456789k123456789k123456789k123456789k123456789k123456789k123456789k123456789k123456789k123456789")]
    public async Task A_bad_key_is_400(string key)
    {
        var caseId = await DispatchedCaseAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{caseId}/respond")
        {
            Content = new StringContent("""{"note":"n"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);

        using var response = await _api.Http.SendAsync(request);

        await ApiClient.ProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_customers_signature_is_an_attachment_readable_as_png_and_a_signed_entry_names_it()
    {
        var caseId = await RespondedCaseAsync();
        var key = NewKey();
        var body = JsonContent(new { signerName = "Li Wei", imagePng = Convert.ToBase64String(TinyPng) });

        using var response = await SendAsync(caseId, "signature", body, key);
        using var replay = await SendAsync(caseId, "signature", body, key);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (response.StatusCode, replay.StatusCode));
        var attachmentId = (await response.Content.ReadFromJsonAsync<JsonObject>())!["attachmentId"]!.GetValue<string>();
        Assert.Equal($"/api/cases/{caseId}/attachments/{attachmentId}", response.Headers.Location?.OriginalString);
        using var image = await _api.Http.GetAsync($"/api/cases/{caseId}/attachments/{attachmentId}");
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TinyPng, await image.Content.ReadAsByteArrayAsync());
        var signed = Assert.Single((await _api.GetAsync<CaseView>($"/api/cases/{caseId}")).Timeline, e => e.Type == TimelineTypes.Signed);
        Assert.Equal(("Li Wei", attachmentId), (signed.Note, signed.AttachmentId));
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("R0lGODlhAQABAAAAACw=")]
    public async Task A_signature_that_is_not_a_png_is_400(string imagePng)
    {
        var caseId = await RespondedCaseAsync();

        using var response = await SendAsync(caseId, "signature", JsonContent(new { signerName = "Li Wei", imagePng }), null);

        Assert.True((await ApiClient.ProblemAsync(response, HttpStatusCode.BadRequest))["errors"]!["imagePng"] is not null);
    }

    [Fact]
    public async Task An_oversized_signature_is_413_and_an_unknown_attachment_404()
    {
        var caseId = await RespondedCaseAsync();
        var huge = Convert.ToBase64String(new byte[600 * 1024]);

        using var response = await SendAsync(caseId, "signature", JsonContent(new { signerName = "Li Wei", imagePng = huge }), null);
        using var unknown = await _api.Http.GetAsync($"/api/cases/{caseId}/attachments/sig-nope");

        await ApiClient.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        await ApiClient.ProblemAsync(unknown, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Travel_is_recorded_between_responding_and_arriving()
    {
        var caseId = await DispatchedCaseAsync();
        using var early = await SendAsync(caseId, "travel", "{}", null);
        await _api.CommandAsync(caseId, "respond", new { note = "n" });

        var view = await _api.CommandAsync(caseId, "travel");

        await ApiClient.ProblemAsync(early, HttpStatusCode.Conflict);
        Assert.Equal((TimelineTypes.TravelStarted, CaseState.Responded), (view.Timeline[^1].Type, view.State));
    }

    async Task<string> DispatchedCaseAsync()
    {
        var opened = await _api.OpenCaseAsync(Severity.P3, region: "north");
        var engineerId = $"eng-beijing-f{Guid.NewGuid():N}";
        await web.Grains.GetGrain<IEngineerGrain>(engineerId).Register(new EngineerProfile("Field test engineer", "beijing", "north", WebFixture.BeijingSite));
        await _api.CommandAsync(opened.Id, "claim", new { branchId = "beijing" });
        await _api.CommandAsync(opened.Id, "dispatch", new { engineerId });
        return opened.Id;
    }

    async Task<string> RespondedCaseAsync()
    {
        var caseId = await DispatchedCaseAsync();
        await _api.CommandAsync(caseId, "respond", new { note = "n" });
        return caseId;
    }

    Task<HttpResponseMessage> SendAsync(string caseId, string command, string body, string? key, ApiClient? api = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{caseId}/{command}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return (api ?? _api).Http.SendAsync(request);
    }

    static string JsonContent(object body) => System.Text.Json.JsonSerializer.Serialize(body);

    static string NewKey() => $"key-{Guid.NewGuid():N}";
}
