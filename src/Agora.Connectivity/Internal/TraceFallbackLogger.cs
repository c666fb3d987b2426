using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Agora.Connectivity.Internal;

/// <summary>
/// Where a machine, tracker or driver built without a logger writes its errors (a handler that threw, a deferred call or a policy that
/// failed, an event context that refused work): <see cref="Trace"/>, which the debugger's output window shows and any
/// <see cref="TraceListener"/> receives (Unity: a listener that calls <c>Debug.LogException</c>). Nothing below
/// <see cref="LogLevel.Error"/> is written, so a logger-less machine stays quiet until something is lost (issue 38).
/// </summary>
internal sealed class TraceFallbackLogger : ILogger
{
    /// <summary>The one instance.</summary>
    public static readonly TraceFallbackLogger Instance = new();

    private TraceFallbackLogger()
    {
    }

    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error && logLevel != LogLevel.None;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var message = $"Agora.Connectivity {logLevel} {eventId.Id} {eventId.Name}: {formatter(state, exception)}";
        Trace.TraceError(exception is null ? message : $"{message}{Environment.NewLine}{exception}");
    }
}
