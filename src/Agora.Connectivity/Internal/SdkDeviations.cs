using Agora.Connectivity.Internal.Dispatch;
using Agora.Connectivity.Sdk;
using Microsoft.Extensions.Logging;

namespace Agora.Connectivity.Internal;

/// <summary>The one way a followed SDK's deviation is told: counted, logged as a warning, then raised in order with the source's events.</summary>
internal static class SdkDeviations
{
    /// <summary>Counts, logs and raises a deviation (under the source's lock).</summary>
    /// <param name="dispatcher">The source's dispatcher.</param>
    /// <param name="metrics">Where it is counted (<c>agora.connectivity.sdk_deviations</c>).</param>
    /// <param name="logger">Where it is logged (<c>SdkDeviation</c>, event 18).</param>
    /// <param name="source">The source's name in the log.</param>
    /// <param name="machine">The <c>agora.machine</c> tag.</param>
    /// <param name="connection">The connection's name, when it has one.</param>
    /// <param name="kind">Transition, Timing, Value or Presence: the <c>agora.deviation</c> tag.</param>
    /// <param name="expected">What the documents expect.</param>
    /// <param name="reported">What the SDK reported.</param>
    /// <param name="at">The event's instant.</param>
    public static void Raise_NeedsLock(EventDispatcher dispatcher, ConnectivityMetrics metrics, ILogger logger, string source, string machine, string? connection, string kind, string expected, string reported, DateTimeOffset at)
    {
        metrics.SdkDeviation(machine, kind, connection);
        Log.SdkDeviation(logger, source, kind, expected, reported);
        dispatcher.Raise_NeedsLock(new SdkDeviation(expected, reported) { Timestamp = at });
    }
}
