using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using ServiceGrid.Cases;
using ServiceGrid.Web.Api;
using ServiceGrid.Web.Security;

namespace ServiceGrid.Web.Field;

/// <summary>
/// What every case command route (<c>POST /api/cases/{id}/…</c>) takes besides its own body, in one place:
/// <list type="bullet">
/// <item>an <c>Idempotency-Key</c> header (per user): the first outcome (status and body) is recorded and a replay with
/// the same key and body answers it without running the command again; the same key with another body is 422; an
/// identical request still in flight is waited for. The key goes on to the case grain, which applies a command once
/// even when the web node died between running it and recording its outcome.</item>
/// <item>an optional <c>occurredAt</c> in the body: when the engineer did it, which the case checks and uses for the SLA
/// milestone (<see cref="CaseCommandContext"/>).</item>
/// </list>
/// The body is read as sent (buffered by <see cref="CaseCommandBodyBuffering"/>), so the handlers' own request types stay as they are.
/// </summary>
public sealed class CaseCommandFilter(
    IIdempotencyStore store, IOptions<IdempotencyOptions> options, IOptions<JsonOptions> json, TimeProvider clock) : IEndpointFilter
{
    static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!CaseCommandBodyBuffering.IsCaseCommand(http)) return await next(context);

        var body = await ReadBodyAsync(http.Request);
        var errors = new RequestErrors();
        var key = IdempotencyKey(http.Request, errors);
        var occurredAt = OccurredAt(body, errors);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (key is null)
        {
            using (CaseCommandContext.Enter(null, occurredAt)) return await next(context);
        }

        var user = (GridUser.From(http.User) ?? throw DomainException.Forbidden("The signed-in identity has no ServiceGrid role.")).Name;
        var claim = await ClaimAsync(user, key, Fingerprint(http.Request, body), http.RequestAborted);
        switch (claim.Status)
        {
            case IdempotencyClaimStatus.Completed:
                return Replay(claim.Outcome!);
            case IdempotencyClaimStatus.Mismatch:
                throw DomainException.Rule($"This {IdempotencyKeys.Header} was already used for a different request.");
            case IdempotencyClaimStatus.InFlight:
                throw DomainException.Conflict($"A request with this {IdempotencyKeys.Header} is still being processed; retry shortly.");
        }

        object? result;
        try
        {
            using (CaseCommandContext.Enter(GrainKey(user, key), occurredAt)) result = await next(context);
        }
        catch (DomainException refused) when (refused.Kind is FailureKind.NotFound or FailureKind.Conflict or FailureKind.BusinessRule)
        {
            await store.CompleteAsync(user, key, new IdempotentOutcome(StatusOf(refused.Kind), Failure: refused.Kind, Detail: refused.Message), CancellationToken.None);
            throw;
        }
        catch
        {
            // Not an outcome of the command (the grid unreachable, a refusal to this user): a retry runs it again.
            await store.ReleaseAsync(user, key, CancellationToken.None);
            throw;
        }
        if (Recorded(result) is { } outcome) await store.CompleteAsync(user, key, outcome, CancellationToken.None);
        else await store.ReleaseAsync(user, key, CancellationToken.None);
        return result;
    }

    /// <summary>Claims the key; an identical request in flight is waited for, up to <see cref="IdempotencyOptions.InFlightWait"/>.</summary>
    async Task<IdempotencyClaim> ClaimAsync(string user, string key, string fingerprint, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var giveUpAt = clock.GetUtcNow() + settings.InFlightWait;
        while (true)
        {
            var now = clock.GetUtcNow();
            var claim = await store.ClaimAsync(
                new IdempotencyClaimRequest(user, key, fingerprint, now, now + settings.InFlightLease, now - settings.Retention), cancellationToken);
            if (claim.Status != IdempotencyClaimStatus.InFlight || now >= giveUpAt) return claim;
            await Task.Delay(PollInterval, clock, cancellationToken);
        }
    }

    static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        if (!request.Body.CanSeek) return [];
        request.Body.Position = 0;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        request.Body.Position = 0;
        return buffer.ToArray();
    }

    static string? IdempotencyKey(HttpRequest request, RequestErrors errors)
    {
        if (!request.Headers.TryGetValue(IdempotencyKeys.Header, out var values)) return null;
        if (values.Count != 1) errors.Add(IdempotencyKeys.Header, $"Send one '{IdempotencyKeys.Header}'.");
        IdempotencyKeys.Check(errors, values[0] ?? "");
        return values[0];
    }

    /// <summary>The body's <c>occurredAt</c>, if it is a JSON object that has one; a malformed body is the handler's to refuse.</summary>
    static DateTimeOffset? OccurredAt(byte[] body, RequestErrors errors)
    {
        if (body.Length == 0) return null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("occurredAt", out var value)
                || value.ValueKind == JsonValueKind.Null)
                return null;
            if (value.ValueKind == JsonValueKind.String) return errors.Time("occurredAt", value.GetString());
            errors.Add("occurredAt", "'occurredAt' must be an ISO-8601 time, e.g. 2026-12-01T08:00:00Z.");
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    static string Fingerprint(HttpRequest request, byte[] body)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}\n"));
        hash.AppendData(body);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The key as the case sees it: scoped to the user, and of a fixed length whatever the key's.</summary>
    public static string GrainKey(string user, string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{user}\n{key}")))[..32];

    /// <summary>A success to answer again (status, JSON body, location); null for what is not an outcome (a 400).</summary>
    IdempotentOutcome? Recorded(object? result)
    {
        while (result is INestedHttpResult nested) result = nested.Result;
        if (result is not IStatusCodeHttpResult { StatusCode: >= 200 and < 300 } success) return null;
        var body = result is IValueHttpResult { Value: { } value } ? JsonSerializer.Serialize(value, value.GetType(), json.Value.SerializerOptions) : null;
        // Created<T> carries its Location on a property of its own type, not on a shared interface.
        var location = result.GetType().GetProperty(nameof(Created.Location))?.GetValue(result) as string;
        return new IdempotentOutcome(success.StatusCode!.Value, body, location);
    }

    static IResult Replay(IdempotentOutcome outcome)
    {
        if (outcome.Failure is { } kind) throw new DomainException(kind, outcome.Detail ?? "");
        return new RecordedResult(outcome);
    }

    static int StatusOf(FailureKind kind) => kind switch
    {
        FailureKind.NotFound => StatusCodes.Status404NotFound,
        FailureKind.Conflict => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status422UnprocessableEntity,
    };

    sealed class RecordedResult(IdempotentOutcome outcome) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = outcome.Status;
            if (outcome.Location is not null) context.Response.Headers.Location = outcome.Location;
            context.Response.Headers["Idempotent-Replayed"] = "true";
            if (outcome.Body is null) return;
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync(outcome.Body, context.RequestAborted);
        }
    }
}

/// <summary>
/// Keeps a case command's body readable after the handler's binding has read it, for <see cref="CaseCommandFilter"/>;
/// only on the routes of a group marked with <see cref="CaseCommandEndpoints.AsCaseCommands"/>.
/// </summary>
public sealed class CaseCommandBodyBuffering(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (IsCaseCommand(context)) context.Request.EnableBuffering();
        return next(context);
    }

    /// <summary>A POST on one case (<c>{id}</c>) of a marked group; opening a case has its own idempotency (<see cref="IIntakeGrain"/>).</summary>
    public static bool IsCaseCommand(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method)
        && context.Request.RouteValues.ContainsKey("id")
        && context.GetEndpoint()?.Metadata.GetMetadata<CaseCommandMetadata>() is not null;
}

/// <summary>Marks the routes whose POSTs on one case are case commands.</summary>
public sealed record CaseCommandMetadata;

public static class CaseCommandEndpoints
{
    /// <summary>Every POST on one case in this group takes an <c>Idempotency-Key</c> and an <c>occurredAt</c> (<see cref="CaseCommandFilter"/>).</summary>
    public static RouteGroupBuilder AsCaseCommands(this RouteGroupBuilder group)
    {
        group.WithMetadata(new CaseCommandMetadata());
        group.AddEndpointFilter<CaseCommandFilter>();
        return group;
    }
}
