using System.Diagnostics.Metrics;
using Agora.Connectivity.Internal;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Testing;
using Agora.Connectivity.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.Hosting;

[NonParallelizable]
public class LoggingAndMetricsTests
{
    [Test]
    public void Logging_ThroughTheHostsLoggerFactory_FullTimeline_EventIdsAndLevels()
    {
        var time = new FakeTimeProvider();
        var logs = new FakeLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(builder => builder.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        services.AddSingleton<ITimeProvider>(time);
        services.AddRtcConnection();
        using var provider = services.BuildServiceProvider();
        var machine = provider.GetRequiredService<RtcConnectionStateMachine>();
        machine.EventRaised += (_, e) =>
        {
            if (e is ConnectionLost)
            {
                throw new InvalidOperationException("an app bug");
            }
        };

        machine.JoinChannel();
        machine.ReportJoinSuccess();
        machine.ReportJoinSuccess();
        time.Advance(Sec(4));
        time.Advance(Sec(10));
        machine.LeaveChannel();
        machine.ReportBanned();

        Assert.That(logs.Entries.Select(e => e.Category).Distinct(), Is.EqualTo(new[] { typeof(RtcConnectionStateMachine).FullName }));
        Assert.That(logs.Entries.Select(e => (e.Entry.EventId, e.Entry.EventName, e.Entry.Level)), Is.EqualTo(new[]
        {
            (1, "StateChanged", LogLevel.Information),
            (1, "StateChanged", LogLevel.Information),
            (3, "ReportIgnored", LogLevel.Debug),
            (2, "DeadlineReached", LogLevel.Debug),
            (1, "StateChanged", LogLevel.Information),
            (2, "DeadlineReached", LogLevel.Debug),
            (4, "HandlerFailed", LogLevel.Error),
            (1, "StateChanged", LogLevel.Information),
            (17, "ReportNotApplicable", LogLevel.Warning),
        }));
        Assert.That(logs.Entries.Single(e => e.Entry.EventId == 4).Entry.Exception!.Message, Is.EqualTo("an app bug"));
    }

    [Test]
    public void Metrics_ScriptedTimeline_CountsTransitionsInterruptionsRejoinsAndFailures()
    {
        var time = new FakeTimeProvider();
        // Microsoft's MetricCollector (Microsoft.Extensions.Diagnostics.Testing) listens to one instrument of the meter.
        using var transitionCollector = new MetricCollector<long>(null, ConnectivityMetrics.MeterName, "agora.connectivity.transitions");
        using var interruptionCollector = new MetricCollector<long>(null, ConnectivityMetrics.MeterName, "agora.connectivity.interruptions");
        using var rejoinCollector = new MetricCollector<double>(null, ConnectivityMetrics.MeterName, "agora.connectivity.rejoin.duration");
        using var failureCollector = new MetricCollector<long>(null, ConnectivityMetrics.MeterName, "agora.connectivity.failures");

        using (var rtc = new RtcConnectionStateMachine(timeProvider: time))
        {
            rtc.JoinChannel();
            rtc.ReportJoinSuccess();
            time.Advance(Sec(4));
            time.Advance(Sec(6));
            rtc.ReportJoinSuccess();
            time.Advance(Sec(4));
            time.Advance(Min(20));
        }

        using (var rtm = new RtmConnectionStateMachine(timeProvider: time))
        {
            _ = rtm.LoginAsync();
            time.Advance(Sec(6));
            _ = rtm.LoginAsync();
            rtm.ReportLoginSuccess();
            time.Advance(Sec(4));
            time.Advance(Sec(12.5));
            rtm.ReportLoginSuccess();
            rtm.ReportRemoteLogin();
        }

        var transitions = transitionCollector.GetMeasurementSnapshot()
            .Select(m => $"{m.Tags["agora.machine"]} {m.Tags["agora.state"]} {m.Tags["agora.reason"]}").ToList();
        Assert.That(transitions, Is.EqualTo(new[]
        {
            "rtc Connecting Connecting", "rtc Connected JoinSuccess", "rtc Reconnecting Interrupted", "rtc Connected JoinSuccess",
            "rtc Reconnecting Interrupted", "rtc Failed JoinFailed",
            "rtm Connecting Login", "rtm Disconnected LoginTimeout", "rtm Connecting Login", "rtm Connected LoginSuccess",
            "rtm Reconnecting Interrupted", "rtm Connected LoginSuccess", "rtm Aborted RemoteLogin",
        }));
        Assert.That(interruptionCollector.GetMeasurementSnapshot().Select(m => m.Tags["agora.machine"]), Is.EqualTo(new[] { "rtc", "rtc", "rtm" }));
        Assert.That(rejoinCollector.GetMeasurementSnapshot().Select(m => (m.Tags["agora.machine"], m.Value)), Is.EqualTo(new[] { ((object?)"rtc", 6.0), ("rtm", 12.5) }));
        Assert.That(failureCollector.GetMeasurementSnapshot().Select(m => $"{m.Tags["agora.machine"]} {m.Tags["agora.reason"]}"), Is.EqualTo(new[]
        {
            "rtc JoinFailed", "rtm LoginTimeout", "rtm RemoteLogin",
        }));
    }
}
