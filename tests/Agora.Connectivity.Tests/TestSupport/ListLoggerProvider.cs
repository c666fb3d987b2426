using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Agora.Connectivity.Tests.TestSupport;

/// <summary>A logger provider that keeps every entry of every category, for host-level logging tests.</summary>
public sealed class ListLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentDictionary<string, ListLogger> _loggers = new();

    public IReadOnlyList<(string Category, LogEntry Entry)> Entries
        => _loggers.SelectMany(pair => pair.Value.Entries.Select(entry => (pair.Key, entry))).ToList();

    public ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, _ => new ListLogger());

    public void Dispose()
    {
    }
}
