using System.Diagnostics.Metrics;
using Agora.Connectivity.Internal;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm2;
using Agora.Connectivity.Testing;
using Agora.Connectivity.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Agora.Connectivity.Tests.Hosting;

/// <summary>
/// A report made where the machine has no rule for it (ReportJoinSuccess before JoinChannel, a likely wiring mistake) is seen at normal
/// log levels once per report and counted every time (issue 38); a report the state ignores by rule (a duplicate) stays at Debug.
/// </summary>
public class ReportNotApplicableTests
{
    [Test]
    public void ReportJoinSuccessBeforeJoinChannel_IsAWarningOnce_ThenDebug_AndCountedEveryTime()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        using var counted = new MetricCollector<long>(meters, ConnectivityMetrics.MeterName, "agora.connectivity.reports_not_applicable");
        var log = new FakeLogger<RtcConnectionStateMachine>();
        using var machine = new RtcConnectionStateMachine(null, new FakeTimeProvider(), log, meters);

        machine.ReportJoinSuccess();
        machine.ReportJoinSuccess();
        machine.ReportBanned();

        var entries = log.Entries.Where(e => e.EventName is "ReportNotApplicable" or "ReportIgnored").Select(e => (e.Level, e.EventName)).ToList();
        Assert.That(entries, Is.EqualTo(new[]
        {
            (LogLevel.Warning, "ReportNotApplicable"),
            (LogLevel.Debug, "ReportIgnored"),
            (LogLevel.Warning, "ReportNotApplicable"),
        }));
        Assert.That(log.Entries[0].Message, Does.StartWith("RtcConnectionStateMachine: ReportJoinSuccess was reported in state Disconnected, which has no rule for it, and is ignored: ReportJoinSuccess is not allowed in state Disconnected; it is allowed only in state"));
        var measurements = counted.GetMeasurementSnapshot();
        Assert.That(measurements.Select(m => (m.Value, (string?)m.Tags["agora.machine"], (string?)m.Tags["agora.report"], (string?)m.Tags["agora.state"])), Is.EqualTo(new[]
        {
            (1L, "rtc", "ReportJoinSuccess", "Disconnected"),
            (1L, "rtc", "ReportJoinSuccess", "Disconnected"),
            (1L, "rtc", "ReportBanned", "Disconnected"),
        }));
    }

    [Test]
    public void ADuplicateReport_TheStateIgnoresByRule_StaysAtDebug_AndIsNotCounted()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        using var counted = new MetricCollector<long>(meters, ConnectivityMetrics.MeterName, "agora.connectivity.reports_not_applicable");
        var log = new FakeLogger<RtcConnectionStateMachine>();
        using var machine = new RtcConnectionStateMachine(null, new FakeTimeProvider(), log, meters);
        machine.JoinChannel();
        machine.ReportJoinSuccess();

        machine.ReportJoinSuccess();

        Assert.That(log.Entries.Where(e => e.Level >= LogLevel.Warning), Is.Empty);
        Assert.That(counted.GetMeasurementSnapshot(), Is.Empty);
    }

    [Test]
    public void AnRtm2ReportBeforeTheLogin_IsSeenToo()
    {
        var log = new FakeLogger<RtmLinkStateMachine>();
        using var link = new RtmLinkStateMachine(null, new FakeTimeProvider(), log);

        link.ReportLoginSuccess();

        Assert.That(log.Entries.Single(e => e.Level == LogLevel.Warning).EventName, Is.EqualTo("ReportNotApplicable"));
    }
}
