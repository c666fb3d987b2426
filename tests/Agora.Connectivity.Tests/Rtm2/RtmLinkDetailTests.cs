using System.Diagnostics.Metrics;
using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Rtm2;
using Agora.Connectivity.Testing;
using Agora.Connectivity.Tests.TestSupport;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.Rtm2;

/// <summary>The link's details a mutation run found unpinned: late timers, metrics, logs, messages, the stream's end, the strategy's edges.</summary>
public class RtmLinkDetailTests
{
    // A timer that fires late (a loaded machine) still tells the timeline at each deadline's own instant: the waits and attempts
    // count from the instant each was due, not from when the callback ran.
    [Test]
    public void ATimerThatFiresLate_StillStampsEveryDeadlineAtItsInstant()
    {
        var time = new FakeTimeProvider();
        var clock = new LateClock(time);
        using var link = new RtmLinkStateMachine(null, clock);
        var lines = new List<string>();
        link.EventRaised += (_, e) => lines.Add(LinkTimeline.Line(e, time.Start));
        _ = link.LoginAsync();
        link.ReportLoginSuccess();
        lines.Clear();

        time.Advance(Sec(30));
        clock.FireTimers();

        Assert.That(lines, Is.EqualTo(new[]
        {
            "9 Connected→Disconnected HeartbeatLost/KeepAliveTimeout",
            "12 Disconnected→Connecting AutoReconnect/AutoReconnect",
            "17 Connecting→Disconnected ServerTimeout/ReconnectTimeout",
            "19 Disconnected→Connecting AutoReconnect/AutoReconnect",
            "24 Connecting→Disconnected ServerTimeout/ReconnectTimeout",
            "28 Disconnected→Connecting AutoReconnect/AutoReconnect",
        }));
    }

    [Test]
    public void Metrics_AnInterruptionItsRejoinAndAFailure_AreCountedAsRtm2()
    {
        var time = new FakeTimeProvider();
        using var meterFactory = new TestMeterFactory();
        using var link = new RtmLinkStateMachine(null, time, null, meterFactory);
        using var interruptions = new MetricCollector<long>(meterFactory, "Agora.Connectivity", "agora.connectivity.interruptions");
        using var rejoins = new MetricCollector<double>(meterFactory, "Agora.Connectivity", "agora.connectivity.rejoin.duration");
        using var failures = new MetricCollector<long>(meterFactory, "Agora.Connectivity", "agora.connectivity.failures");

        _ = link.LoginAsync();
        link.ReportLoginSuccess();
        time.Advance(Sec(12));
        link.ReportLoginSuccess();                 // reconnected 3 s after the loss at 9
        link.ReportServerRejection(RtmLinkStateChangeReason.KickedOutByServer);

        Assert.That(interruptions.GetMeasurementSnapshot().Select(m => m.Tags["agora.machine"]), Is.EqualTo(new[] { "rtm2" }));
        Assert.That(rejoins.GetMeasurementSnapshot().Select(m => (m.Value, m.Tags["agora.machine"])), Is.EqualTo(new[] { (3.0, (object?)"rtm2") }));
        Assert.That(failures.GetMeasurementSnapshot().Select(m => m.Tags["agora.reason"]), Is.EqualTo(new[] { "KickedOutByServer" }));
    }

    [Test]
    public void AnIgnoredLoginFailure_IsWarnedOfOnce_ThenLoggedAtDebug_WithTheState()
    {
        var logs = new FakeLogCollector();
        using var link = new RtmLinkStateMachine(null, new FakeTimeProvider(), new FakeLogger<RtmLinkStateMachine>(logs), null);
        link.ReportLoginFailure(RtmLinkStateChangeReason.LoginRejected);
        link.ReportLoginFailure(RtmLinkStateChangeReason.LoginRejected);

        var warned = logs.GetSnapshot().Single(r => r.Level == LogLevel.Warning);
        Assert.That(warned.Message, Does.Contain("ReportLoginFailure").And.Contain("Idle"));
        var ignored = logs.GetSnapshot().Single(r => r.Level == LogLevel.Debug);
        Assert.That(ignored.Message, Does.Contain("ReportLoginFailure").And.Contain("Idle"));
    }

    [Test]
    public void TheFirstAllowedReasonOfEachList_IsAccepted_AndARefusalNamesItsSource()
    {
        using var link = new LinkTimeline();
        var login = link.Machine.LoginAsync();
        link.Machine.ReportLoginFailure(RtmLinkStateChangeReason.LoginRejected);
        _ = link.Machine.LoginAsync();
        link.Machine.ReportServerRejection(RtmLinkStateChangeReason.TokenExpired);

        Assert.That(link.Take(), Is.EqualTo(new[]
        {
            "0 Idle→Connecting Login/Login",
            "0 Connecting→Failed Login/LoginRejected",
            "0 Failed→Connecting Login/Relogin",
            "0 Connecting→Failed ServerReject/TokenExpired",
        }));
        Assert.That(() => login, Throws.InstanceOf<RtmLinkLoginException>().With.Message.EqualTo("The RTM login did not connect: LoginRejected."));
        Assert.That(
            () => link.Machine.ReportLoginFailure(RtmLinkStateChangeReason.Logout),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("Logout is not a reason a login fails with.").And.Message.Contains("_handleLoginFailedState"));
        Assert.That(
            () => link.Machine.ReportServerRejection(RtmLinkStateChangeReason.Logout),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("Logout is not a reason the server drops a client for.").And.Message.Contains("_userDropHandler"));
    }

    [Test]
    public async Task Dispose_EndsAStreamOfTheLinksEvents()
    {
        var link = new RtmLinkStateMachine(null, new FakeTimeProvider());
        var stream = link.ReadEventsAsync();
        _ = link.LoginAsync();
        link.Dispose();

        var read = new List<ConnectivityEvent>();
        await foreach (var e in stream)
        {
            read.Add(e);
        }

        Assert.That(read.Cast<RtmLinkStateChanged>().Select(e => e.State), Is.EqualTo(new[] { RtmLinkState.Connecting }));
    }

    [Test]
    public void ALoginFromAHandler_RefusedWhenItRuns_LogsNothingAndLeavesNoPendingLogin()
    {
        var logs = new FakeLogCollector();
        using var link = new RtmLinkStateMachine(null, new FakeTimeProvider(), new FakeLogger<RtmLinkStateMachine>(logs), null);
        Task? refused = null;
        link.EventRaised += (_, e) =>
        {
            if (e is RtmLinkStateChanged { State: RtmLinkState.Connecting } && refused is null)
            {
                refused = link.LoginAsync();
            }
        };
        var login = link.LoginAsync();
        link.ReportLoginSuccess();

        Assert.That(() => refused, Throws.InvalidOperationException);
        Assert.That(logs.GetSnapshot().Where(r => r.Level >= LogLevel.Warning), Is.Empty, "a refused queued login is its task's fault, not a rejected call");
        Assert.That(login.IsCompletedSuccessfully, Is.True);
    }

    [Test]
    public void TheStrategy_RefusesNull_StampsEachCallback_AndNamesItself()
    {
        var strategy = CallbackStrategies.ForRtmLink(Platform.Ios);
        var at = new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

        Assert.That(() => strategy.Map(null!), Throws.ArgumentNullException);
        Assert.That(strategy.Map(new RtmLinkStateChanged(RtmLinkState.Idle, RtmLinkState.Connecting, RtmLinkOperation.Login, RtmLinkStateChangeReason.Login, RtmServiceType.Message) { Timestamp = at }).Single().Timestamp, Is.EqualTo(at));
        Assert.That(strategy.ToString(), Is.EqualTo("Ios (RTM 2.x link)"));
        Assert.That(strategy.Platform, Is.EqualTo(Platform.Ios));
    }

    /// <summary>The fake clock's time, with timers that fire only when the test says: every callback late.</summary>
    private sealed class LateClock(FakeTimeProvider time) : ITimeProvider
    {
        private readonly List<(TimerCallback Callback, object? State)> _timers = [];

        public long TimestampFrequency => time.TimestampFrequency;

        public DateTimeOffset GetUtcNow() => time.GetUtcNow();

        public long GetTimestamp() => time.GetTimestamp();

        public ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            _timers.Add((callback, state));
            return new Parked();
        }

        public void FireTimers()
        {
            foreach (var (callback, state) in _timers.ToArray())
            {
                callback(state);
            }
        }

        private sealed class Parked : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => default;
        }
    }
}
