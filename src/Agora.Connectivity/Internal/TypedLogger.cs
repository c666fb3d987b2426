using Microsoft.Extensions.Logging;

namespace Agora.Connectivity.Internal;

/// <summary>A plain <see cref="ILogger"/> seen as an <see cref="ILogger{TCategoryName}"/>, for the constructors that accept either.</summary>
internal sealed class TypedLogger<T> : ILogger<T>
{
    private readonly ILogger _inner;

    private TypedLogger(ILogger inner) => _inner = inner;

    /// <summary>Returns <paramref name="logger"/> as an <see cref="ILogger{TCategoryName}"/>, wrapping it only when it is not one already.</summary>
    public static ILogger<T>? From(ILogger? logger) => logger is null or ILogger<T> ? (ILogger<T>?)logger : new TypedLogger<T>(logger);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull
        => _inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => _inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        => _inner.Log(logLevel, eventId, state, exception, formatter);
}
