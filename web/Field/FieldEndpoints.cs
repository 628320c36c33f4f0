using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ServiceGrid.Cases;
using ServiceGrid.Web.Api;
using ServiceGrid.Web.Security;

namespace ServiceGrid.Web.Field;

/// <summary>
/// Issue 16, the field engineer's app (<c>/engineer</c>): setting off to the site, the customer's signature on the
/// dispatch form stored as an attachment, and reading it back.
/// </summary>
public static class FieldEndpoints
{
    const string PngContentType = "image/png";
    const int MaxSignerName = 200;
    static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    static readonly byte[] PngEnd = [0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82];

    public static WebApplication MapFieldApi(this WebApplication app)
    {
        var signature = app.Services.GetRequiredService<IOptions<FieldOptions>>().Value;
        var cases = app.MapGroup("/api/cases").WithTags("Field").AsCaseCommands();
        cases.MapPost("/{id:gridId}/travel", StartTravel).RequireAccess(Operation.WorkCase);
        cases.MapPost("/{id:gridId}/signature", Sign).RequireAccess(Operation.SignCase)
            .WithMetadata(new RequestSizeLimitAttribute(signature.MaxSignatureBodyBytes));
        cases.MapGet("/{id:gridId}/attachments/{attachmentId:gridId}", GetAttachment).RequireAccess(Operation.ReadAttachment);
        cases.MapGet("/{id:gridId}/job", JobSheetEndpoint.GetJobSheet).RequireAccess(Operation.ReadCase);
        // Outside /api, like /board/config: the app reads it before anyone signs in, and it holds nothing secret.
        app.MapGet("/engineer/config", (IOptions<FieldOptions> options) =>
            TypedResults.Ok(new FieldConfig(options.Value.LocationInterval.TotalSeconds, options.Value.MaxSignatureBytes)));
        app.MapFallbackToFile("/engineer", "engineer/index.html");
        return app;
    }

    static Task<Results<Ok<CaseView>, ValidationProblem>> StartTravel(string id, GridUser user, IGrainFactory grains) =>
        CaseEndpoints.Run(user, (_, actor) => () => grains.GetGrain<ICaseGrain>(id).StartTravel(actor));

    /// <summary>
    /// Stores the image first, then records it on the case: a crash in between leaves an attachment no entry names,
    /// never an entry without its image. With an <c>Idempotency-Key</c> the attachment's id comes from the key, so a
    /// retry stores nothing twice.
    /// </summary>
    static async Task<Results<Created<SignatureAnswer>, ValidationProblem>> Sign(
        string id, SignatureRequest request, [FromHeader(Name = IdempotencyKeys.Header)] string? idempotencyKey,
        GridUser user, IGrainFactory grains, IAttachmentStore attachments, IOptions<FieldOptions> options, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = new RequestErrors();
        var signerName = errors.Text("signerName", request.SignerName, MaxSignerName);
        var image = Png(errors, request.ImagePng, options.Value.MaxSignatureBytes);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var attachmentId = idempotencyKey is null
            ? $"sig-{Guid.NewGuid():N}"
            : $"sig-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{user.Name}\n{idempotencyKey}\n{id}")))[..32]}";
        var grain = grains.GetGrain<ICaseGrain>(id);
        if (await grain.Get() is null) throw DomainException.NotFound("Case", id);
        await attachments.SaveAsync(new CaseAttachment(id, attachmentId, PngContentType, image!, user.Name, clock.GetUtcNow()), cancellationToken);
        await grain.Sign(signerName!, attachmentId, user.Name);
        return TypedResults.Created($"/api/cases/{id}/attachments/{attachmentId}", new SignatureAnswer(attachmentId));
    }

    static async Task<FileContentHttpResult> GetAttachment(string id, string attachmentId, IAttachmentStore attachments, CancellationToken cancellationToken)
    {
        var attachment = await attachments.FindAsync(id, attachmentId, cancellationToken) ?? throw DomainException.NotFound("Attachment", attachmentId);
        return TypedResults.File(attachment.Content, attachment.ContentType);
    }

    /// <summary>The decoded PNG (base64, optionally as a <c>data:image/png;base64,</c> URL); over the limit is 413.</summary>
    static byte[]? Png(RequestErrors errors, string? base64, int maxBytes)
    {
        const string field = "imagePng";
        const string dataUrl = "data:image/png;base64,";
        var text = base64?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            errors.Add(field, $"'{field}' is required: the signature as a base64 PNG.");
            return null;
        }
        if (text.StartsWith(dataUrl, StringComparison.OrdinalIgnoreCase)) text = text[dataUrl.Length..];
        if ((long)text.Length / 4 * 3 > maxBytes + 2)
            throw new BadHttpRequestException($"The signature image is larger than {maxBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
        var bytes = new byte[text.Length / 4 * 3 + 3];
        if (!Convert.TryFromBase64String(text, bytes, out var length))
        {
            errors.Add(field, $"'{field}' is not valid base64.");
            return null;
        }
        if (length > maxBytes)
            throw new BadHttpRequestException($"The signature image is larger than {maxBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
        var image = bytes[..length];
        // A PNG opens with its 8-byte signature and its IHDR chunk and closes with its IEND chunk (PNG spec 5.2, 11.2).
        if (length < PngSignature.Length + 25 + PngEnd.Length || !image.AsSpan().StartsWith(PngSignature)
            || !image.AsSpan(12, 4).SequenceEqual("IHDR"u8) || !image.AsSpan().EndsWith(PngEnd))
        {
            errors.Add(field, $"'{field}' is not a PNG image.");
            return null;
        }
        return image;
    }
}

public sealed record SignatureRequest(string? SignerName, string? ImagePng);

public sealed record SignatureAnswer(string AttachmentId);

/// <summary>What the app needs before sign-in: how often to report the position, the largest signature accepted.</summary>
public sealed record FieldConfig(double LocationIntervalSeconds, int MaxSignatureBytes);
