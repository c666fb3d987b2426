using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Agora.Connectivity.Tests.TestSupport;

/// <summary>
/// Microsoft's <see cref="FakeLogger"/> and <see cref="FakeLoggerProvider"/> (Microsoft.Extensions.Diagnostics.Testing) record the
/// logs; these views give their records as plain values, so assertions compare event ids, names, levels and messages at once.
/// </summary>
public static class FakeLogEntries
{
    extension(FakeLogger logger)
    {
        /// <summary>Gets every record so far, in order.</summary>
        public IReadOnlyList<LogEntry> Entries => [.. logger.Collector.GetSnapshot().Select(Entry)];
    }

    extension(FakeLoggerProvider provider)
    {
        /// <summary>Gets every record of every category so far, in order.</summary>
        public IReadOnlyList<(string Category, LogEntry Entry)> Entries => [.. provider.Collector.GetSnapshot().Select(r => (r.Category ?? string.Empty, Entry(r)))];
    }

    private static LogEntry Entry(FakeLogRecord record) => new(record.Level, record.Id.Id, record.Id.Name, record.Message, record.Exception);
}

/// <summary>One log record as a value.</summary>
public sealed record LogEntry(LogLevel Level, int EventId, string? EventName, string Message, Exception? Exception);
