using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Agora.Connectivity.Tests.TestSupport;

/// <summary>A logger that keeps every entry, for asserting event ids, levels and messages.</summary>
public class ListLogger : ILogger
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => _entries.ToArray();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        => _entries.Enqueue(new LogEntry(logLevel, eventId.Id, eventId.Name, formatter(state, exception), exception));
}

/// <summary>A typed <see cref="ListLogger"/>, to pass where an <see cref="ILogger{TCategoryName}"/> is wanted.</summary>
public sealed class ListLogger<T> : ListLogger, ILogger<T>
{
}

public sealed record LogEntry(LogLevel Level, int EventId, string? EventName, string Message, Exception? Exception);
