using Microsoft.Extensions.Logging;

namespace ServiceGrid.Demo;

/// <summary>The simulator's log messages; refusals are expected (lost claim races, busy engineers) and logged at debug.</summary>
static partial class TrafficLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Demo traffic: {Action} on {Subject} was refused")]
    public static partial void Refused(ILogger logger, DomainException exception, string subject, string action);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo traffic started: {CasesPerMinute} cases a minute, {SpeedUp}x speed-up")]
    public static partial void Started(ILogger logger, double casesPerMinute, double speedUp);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo traffic waits for the organization to be defined")]
    public static partial void WaitingForOrganization(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo traffic: a tick failed; the simulator carries on")]
    public static partial void TickFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Demo traffic: case {CaseId} is left to people after {Refusals} refusals")]
    public static partial void GaveUp(ILogger logger, string caseId, int refusals);
}
