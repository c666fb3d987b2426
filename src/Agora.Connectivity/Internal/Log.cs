using Microsoft.Extensions.Logging;

namespace Agora.Connectivity.Internal;

/// <summary>
/// Every log message of the library, with its stable event id and name (listed in <c>docs/logging.md</c>).
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "StateChanged", Level = LogLevel.Information,
        Message = "{Source}: {PreviousState} -> {State} ({Reason}).")]
    public static partial void StateChanged(ILogger logger, string source, string previousState, string state, string reason);

    [LoggerMessage(EventId = 2, EventName = "DeadlineReached", Level = LogLevel.Debug,
        Message = "{Source}: the {Deadline} deadline was reached in state {State}.")]
    public static partial void DeadlineReached(ILogger logger, string source, string deadline, string state);

    [LoggerMessage(EventId = 3, EventName = "ReportIgnored", Level = LogLevel.Debug,
        Message = "{Source}: ignored {Report}, which state {State} does not act on.")]
    public static partial void ReportIgnored(ILogger logger, string source, string report, string state);

    [LoggerMessage(EventId = 4, EventName = "HandlerFailed", Level = LogLevel.Error,
        Message = "{Source}: an EventRaised handler threw while handling {Event}; the other handlers and the machine go on.")]
    public static partial void HandlerFailed(ILogger logger, string source, string @event, Exception exception);

    [LoggerMessage(EventId = 5, EventName = "DeferredCallRejected", Level = LogLevel.Warning,
        Message = "{Source}: {Call}, made from an event handler, was no longer allowed when it ran, in state {State}.")]
    public static partial void DeferredCallRejected(ILogger logger, string source, string call, string state);

    [LoggerMessage(EventId = 6, EventName = "DeferredCallFailed", Level = LogLevel.Error,
        Message = "{Source}: a call made from an event handler failed when it ran.")]
    public static partial void DeferredCallFailed(ILogger logger, string source, Exception exception);

    [LoggerMessage(EventId = 7, EventName = "PresenceChanged", Level = LogLevel.Information,
        Message = "{Source}: {Member} {Change}.")]
    public static partial void PresenceChanged(ILogger logger, string source, string member, string change);

    [LoggerMessage(EventId = 8, EventName = "AttemptFailed", Level = LogLevel.Information,
        Message = "{Source}: connection attempt {Attempt} failed after {Duration}; retrying per the policy.")]
    public static partial void AttemptFailed(ILogger logger, string source, int attempt, TimeSpan duration, Exception exception);

    [LoggerMessage(EventId = 9, EventName = "RetriesStopped", Level = LogLevel.Warning,
        Message = "{Source}: the reconnect policy stopped retrying after {Attempts} attempts and {Elapsed}.")]
    public static partial void RetriesStopped(ILogger logger, string source, int attempts, TimeSpan elapsed);

    [LoggerMessage(EventId = 10, EventName = "ConnectionRejected", Level = LogLevel.Warning,
        Message = "{Source}: the server refused the connection for good ({Reason}); no more attempts.")]
    public static partial void ConnectionRejected(ILogger logger, string source, string reason, Exception exception);

    [LoggerMessage(EventId = 11, EventName = "TransportCloseFailed", Level = LogLevel.Warning,
        Message = "{Source}: closing the transport failed.")]
    public static partial void TransportCloseFailed(ILogger logger, string source, Exception exception);

    [LoggerMessage(EventId = 12, EventName = "ReconnectPolicyFailed", Level = LogLevel.Error,
        Message = "{Source}: the reconnect policy or the error classifier threw; the driver stops and reports the connection as failed ({Reason}).")]
    public static partial void ReconnectPolicyFailed(ILogger logger, string source, string reason, Exception exception);

    [LoggerMessage(EventId = 13, EventName = "RetryDelayClamped", Level = LogLevel.Warning,
        Message = "{Source}: the reconnect policy asked for {Requested}, which no timer can wait; waiting {Used} instead.")]
    public static partial void RetryDelayClamped(ILogger logger, string source, TimeSpan requested, TimeSpan used);

    [LoggerMessage(EventId = 14, EventName = "DriverStoppedMachineDisposed", Level = LogLevel.Information,
        Message = "{Source}: the machine was disposed; the driver stops trying and closes the transport.")]
    public static partial void DriverStoppedMachineDisposed(ILogger logger, string source);

    [LoggerMessage(EventId = 15, EventName = "EventContextRefused", Level = LogLevel.Error,
        Message = "{Source}: the event context ({Context}) refused the delivery; {Count} queued events and calls were dropped.")]
    public static partial void EventContextRefused(ILogger logger, string source, int count, string context, Exception exception);

    [LoggerMessage(EventId = 16, EventName = "StoppedWithHost", Level = LogLevel.Information,
        Message = "{Source}: the host is stopping: {Action} (it was {State}).")]
    public static partial void StoppedWithHost(ILogger logger, string source, string action, string state);

    [LoggerMessage(EventId = 17, EventName = "ReportNotApplicable", Level = LogLevel.Warning,
        Message = "{Source}: {Report} was reported in state {State}, which has no rule for it, and is ignored: {Rule} A likely wiring mistake; later ones are logged at Debug and counted (agora.connectivity.reports_not_applicable).")]
    public static partial void ReportNotApplicable(ILogger logger, string source, string report, string state, string rule);

    [LoggerMessage(EventId = 18, EventName = "SdkDeviation", Level = LogLevel.Warning,
        Message = "{Source}: the followed SDK deviated from the documents ({Kind}): expected {Expected}; reported {Reported}. The machine follows the SDK.")]
    public static partial void SdkDeviation(ILogger logger, string source, string kind, string expected, string reported);

    [LoggerMessage(EventId = 19, EventName = "ForwarderFailed", Level = LogLevel.Error,
        Message = "{Source}: a forwarded SDK callback failed; the SDK's thread was not thrown into, and the callback is lost.")]
    public static partial void ForwarderFailed(ILogger logger, string source, Exception exception);
}
