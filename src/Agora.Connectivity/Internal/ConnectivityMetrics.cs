using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace Agora.Connectivity.Internal;

/// <summary>
/// The library's metrics, on a meter named <c>Agora.Connectivity</c> (listed in <c>docs/metrics.md</c>).
/// Tags: <c>agora.machine</c> (<c>rtc</c>, <c>rtm</c> or <c>rtm2</c>), <c>agora.state</c>, <c>agora.reason</c>, and <c>agora.connection</c> for a named connection.
/// Nothing is computed for an instrument that no listener has enabled.
/// </summary>
/// <remarks>
/// A machine built with an <see cref="IMeterFactory"/> (the .NET 8 convention; a host registers one) records on the
/// meter that factory creates, so two hosts, or two tests in parallel, each see only their own machines'
/// measurements. A machine built without one records on <see cref="Shared"/>, a process-wide meter of the same name.
/// </remarks>
internal sealed class ConnectivityMetrics
{
    public const string MeterName = "Agora.Connectivity";

    private static readonly string? Version = typeof(ConnectivityMetrics).Assembly.GetName().Version?.ToString();

    // One set of instruments per meter: a factory hands out the same meter for the same name and version
    // (until it is disposed), so every machine of one container shares one set.
    private static readonly ConditionalWeakTable<Meter, ConnectivityMetrics> ByMeter = new();

    private ConnectivityMetrics(Meter meter)
    {
        Meter = meter;
        Transitions = meter.CreateCounter<long>(
            "agora.connectivity.transitions",
            "{transition}",
            "State changes of the connection machines. Tags: agora.machine (rtc, rtm or rtm2), agora.state (the new state), agora.reason.");
        Interruptions = meter.CreateCounter<long>(
            "agora.connectivity.interruptions",
            "{interruption}",
            "Connections that went to RECONNECTING (an RTM 2.x link: DISCONNECTED) because the server was silent. Tag: agora.machine.");
        RejoinDuration = meter.CreateHistogram<double>(
            "agora.connectivity.rejoin.duration",
            "s",
            "Time from an interruption to the rejoin (or reconnect) that ended it. Tag: agora.machine.");
        Failures = meter.CreateCounter<long>(
            "agora.connectivity.failures",
            "{failure}",
            "Connections that failed: RTC FAILED, RTM ABORTED, an RTM login that failed or timed out, an RTM 2.x link FAILED. Tags: agora.machine, agora.reason.");
        ReportsNotApplicable = meter.CreateCounter<long>(
            "agora.connectivity.reports_not_applicable",
            "{report}",
            "Reports made in a state where the machine has no rule for them (ReportJoinSuccess before JoinChannel, a likely wiring mistake). Tags: agora.machine, agora.report, agora.state.");
        SdkDeviations = meter.CreateCounter<long>(
            "agora.connectivity.sdk_deviations",
            "{deviation}",
            "Reports of a followed SDK that the documented machine does not allow at that instant (a transition it lacks, a documented one at another time, an undefined value); the machine follows them. Tags: agora.machine, agora.deviation.");
    }

    /// <summary>Gets the process-wide metrics, for machines built without an <see cref="IMeterFactory"/>.</summary>
    public static ConnectivityMetrics Shared { get; } = new(new Meter(MeterName, Version));

    public Meter Meter { get; }

    public Counter<long> Transitions { get; }

    public Counter<long> Interruptions { get; }

    public Histogram<double> RejoinDuration { get; }

    public Counter<long> Failures { get; }

    public Counter<long> ReportsNotApplicable { get; }

    public Counter<long> SdkDeviations { get; }

    /// <summary>Gets the metrics on the meter <paramref name="meterFactory"/> creates, or <see cref="Shared"/> when there is no factory.</summary>
    public static ConnectivityMetrics For(IMeterFactory? meterFactory)
    {
        if (meterFactory is null)
        {
            return Shared;
        }

        var meter = meterFactory.Create(new MeterOptions(MeterName) { Version = Version })
            ?? throw new InvalidOperationException($"The {meterFactory.GetType().Name} returned no meter for '{MeterName}'.");
        return ByMeter.GetValue(meter, static created => new ConnectivityMetrics(created));
    }

    public void Transition(string machine, string state, string reason, string? connection = null)
    {
        if (Transitions.Enabled)
        {
            var tags = new TagList { { "agora.machine", machine }, { "agora.state", state }, { "agora.reason", reason } };
            Name(ref tags, connection);
            Transitions.Add(1, tags);
        }
    }

    public void Interrupted(string machine, string? connection = null)
    {
        if (Interruptions.Enabled)
        {
            var tags = new TagList { { "agora.machine", machine } };
            Name(ref tags, connection);
            Interruptions.Add(1, tags);
        }
    }

    public void Rejoined(string machine, TimeSpan afterInterruption, string? connection = null)
    {
        if (RejoinDuration.Enabled)
        {
            var tags = new TagList { { "agora.machine", machine } };
            Name(ref tags, connection);
            RejoinDuration.Record(afterInterruption.TotalSeconds, tags);
        }
    }

    public void Failed(string machine, string reason, string? connection = null)
    {
        if (Failures.Enabled)
        {
            var tags = new TagList { { "agora.machine", machine }, { "agora.reason", reason } };
            Name(ref tags, connection);
            Failures.Add(1, tags);
        }
    }

    public void ReportNotApplicable(string machine, string report, string state, string? connection = null)
    {
        if (ReportsNotApplicable.Enabled)
        {
            var tags = new TagList { { "agora.machine", machine }, { "agora.report", report }, { "agora.state", state } };
            Name(ref tags, connection);
            ReportsNotApplicable.Add(1, tags);
        }
    }

    public void SdkDeviation(string machine, string kind, string? connection = null)
    {
        if (SdkDeviations.Enabled)
        {
            var tags = new TagList { { "agora.machine", machine }, { "agora.deviation", kind } };
            Name(ref tags, connection);
            SdkDeviations.Add(1, tags);
        }
    }

    // A named connection (services.AddRtcConnection("main", ...)) is told apart by its name; an unnamed one has no such tag.
    private static void Name(ref TagList tags, string? connection)
    {
        if (connection is not null)
        {
            tags.Add("agora.connection", connection);
        }
    }
}
