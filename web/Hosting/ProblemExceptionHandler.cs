using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace ServiceGrid.Web.Hosting;

/// <summary>The one place where failures become problem details (API.md "Status codes"); handlers never build error JSON.</summary>
public sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>What a 503 asks a client to wait before it retries.</summary>
    public const string RetryAfterSeconds = "5";

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (ToProblem(exception) is not { } problem) return false;
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            LogUnavailable(logger, exception);
            context.Response.Headers.RetryAfter = RetryAfterSeconds;
        }
        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    static ProblemDetails? ToProblem(Exception exception) => exception switch
    {
        DomainException { Kind: FailureKind.Invalid } invalid => Validation(invalid.Field ?? "request", invalid.Message),
        DomainException domain => new ProblemDetails
        {
            Status = domain.Kind switch
            {
                FailureKind.NotFound => StatusCodes.Status404NotFound,
                FailureKind.Conflict => StatusCodes.Status409Conflict,
                FailureKind.Forbidden => StatusCodes.Status403Forbidden,
                _ => StatusCodes.Status422UnprocessableEntity,
            },
            Detail = domain.Message,
        },
        // Framework messages name internal types and parameters: answer in the contract's terms instead.
        BadHttpRequestException { InnerException: JsonException json } => Validation(
            string.IsNullOrEmpty(json.Path) ? "$" : json.Path,
            $"The body is not valid JSON for this call at '{(string.IsNullOrEmpty(json.Path) ? "$" : json.Path)}' (line {json.LineNumber}, byte {json.BytePositionInLine}): malformed, or a value of the wrong type."),
        BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest } => Validation("body", "The request could not be read: a JSON body is required, or a parameter is malformed."),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } bad => new ProblemDetails { Status = bad.StatusCode, Detail = bad.Message },
        BadHttpRequestException bad => new ProblemDetails { Status = bad.StatusCode },
        SiloUnavailableException or OrleansMessageRejectionException or TimeoutException or ConnectionFailedException or GatewayTooBusyException =>
            new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Detail = "The service grid is not reachable right now; retry shortly." },
        _ when IsDatabaseFailure(exception) =>
            new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Detail = "The database is not reachable right now; nothing was changed by this call's failure, retry shortly." },
        _ => null,
    };

    /// <summary>
    /// Durable mode with PostgreSQL unreachable: the list query throws <see cref="NpgsqlException"/> here, and a grain
    /// whose storage failed answers with it too, either as thrown by the ADO.NET provider or wrapped by Orleans (an
    /// <see cref="OrleansException"/> when the grain cannot be activated because its state cannot be read).
    /// </summary>
    static bool IsDatabaseFailure(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is NpgsqlException) return true;
            if (current is AggregateException aggregate && aggregate.InnerExceptions.Any(IsDatabaseFailure)) return true;
        }
        return false;
    }

    static HttpValidationProblemDetails Validation(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Detail = message,
        };

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cluster or its database did not answer a request")]
    static partial void LogUnavailable(ILogger logger, Exception exception);
}
