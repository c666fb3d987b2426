using System.Diagnostics.Metrics;

namespace Agora.Connectivity.Internal;

/// <summary>
/// The library's metrics, on the meter <c>Agora.Connectivity</c> (listed in <c>docs/metrics.md</c>).
/// Tags: <c>agora.machine</c> (<c>rtc</c> or <c>rtm</c>), <c>agora.state</c>, <c>agora.reason</c>.
/// Nothing is computed for an instrument that no listener has enabled.
/// </summary>
internal static class ConnectivityMetrics
{
    public const string MeterName = "Agora.Connectivity";

    private static readonly Meter Meter = new(MeterName, typeof(ConnectivityMetrics).Assembly.GetName().Version?.ToString());

    public static readonly Counter<long> Transitions = Meter.CreateCounter<long>(
        "agora.connectivity.transitions",
        "{transition}",
        "State changes of the connection machines. Tags: agora.machine, agora.state (the new state), agora.reason.");

    public static readonly Counter<long> Interruptions = Meter.CreateCounter<long>(
        "agora.connectivity.interruptions",
        "{interruption}",
        "Connections that went to RECONNECTING because the server was silent. Tag: agora.machine.");

    public static readonly Histogram<double> RejoinDuration = Meter.CreateHistogram<double>(
        "agora.connectivity.rejoin.duration",
        "s",
        "Time from an interruption to the rejoin (or reconnect) that ended it. Tag: agora.machine.");

    public static readonly Counter<long> Failures = Meter.CreateCounter<long>(
        "agora.connectivity.failures",
        "{failure}",
        "Connections that failed: RTC FAILED, RTM ABORTED, or an RTM login that failed or timed out. Tags: agora.machine, agora.reason.");

    public static void Transition(string machine, string state, string reason)
    {
        if (Transitions.Enabled)
        {
            Transitions.Add(1, new("agora.machine", machine), new("agora.state", state), new("agora.reason", reason));
        }
    }

    public static void Interrupted(string machine)
    {
        if (Interruptions.Enabled)
        {
            Interruptions.Add(1, new KeyValuePair<string, object?>("agora.machine", machine));
        }
    }

    public static void Rejoined(string machine, TimeSpan afterInterruption)
    {
        if (RejoinDuration.Enabled)
        {
            RejoinDuration.Record(afterInterruption.TotalSeconds, new KeyValuePair<string, object?>("agora.machine", machine));
        }
    }

    public static void Failed(string machine, string reason)
    {
        if (Failures.Enabled)
        {
            Failures.Add(1, new("agora.machine", machine), new("agora.reason", reason));
        }
    }
}
