using Agora.Connectivity.Internal;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Rtm2;
using Agora.Connectivity.Sdk;
using Agora.Connectivity.Testing;
using Agora.Connectivity.Tests.TestSupport;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Agora.Connectivity.Tests.Sdk;

/// <summary>The runtime's follow path, branch by branch (found by mutation testing of <c>MachineRuntime.Follow_NeedsLock</c>).</summary>
public class FollowPathTests
{
    private static readonly TimeSpan S = TimeSpan.FromSeconds(1);

    [Test]
    public void AnAppCommandTheSdkAlreadyAnswered_IsIgnoredAndLogged_AndALoginSoRefusedFaults()
    {
        var time = new FakeTimeProvider();
        var log = new FakeLogger();
        using var rtc = new RtcSdkFollower(null, null, time, log);
        rtc.OnConnectionStateChanged(2, 0);
        rtc.OnConnectionStateChanged(3, 1);

        Assert.DoesNotThrow(rtc.Connection.JoinChannel, "the SDK reported the join first");
        Assert.That(rtc.Connection.State, Is.EqualTo(ConnectionState.Connected));
        Assert.That(log.Entries.Any(e => e.EventName == "ReportIgnored" && e.Message.Contains("JoinChannel", StringComparison.Ordinal)), Is.True);

        using var rtm = new RtmSdkFollower(null, null, time, null);
        rtm.OnConnectionStateChanged(2, 1);
        rtm.OnConnectionStateChanged(3, 2);
        var login = rtm.Connection.LoginAsync();
        Assert.That(login.IsFaulted, Is.True);
        Assert.That(login.Exception!.InnerException, Is.InstanceOf<InvalidOperationException>());
        Assert.That(rtm.Connection.State, Is.EqualTo(RtmConnectionState.Connected));
    }

    [Test]
    public void AStepTheMachinesConditionsRefuse_IsADeviation_AndStillFollowed()
    {
        var time = new FakeTimeProvider();
        using var legacy = new RtcSdkFollower(new RtcConnectionOptions { Behavior = RtcSdkBehavior.Legacy, SdkVersion = new Version(2, 2) }, null, time, null);
        var recorder = new EventRecorder(legacy, time);
        legacy.OnJoinChannelSuccess();
        legacy.OnConnectionInterrupted();
        recorder.Take();

        legacy.OnConnectionStateChanged(5, 4); // FAILED / JOIN_FAILED: an SDK before v2.3.2 never gives up

        var events = recorder.Take();
        Assert.That(((SdkDeviation)events[0]).Expected, Is.EqualTo("no Failed (JoinFailed) from Reconnecting under this machine's behavior (its conditions refuse it)"));
        Assert.That(legacy.Connection.State, Is.EqualTo(ConnectionState.Failed));
    }

    [Test]
    public void WhenTheConditionsChooseAnotherDestinationThanReported_ItIsADeviation_AndTheReportedOneIsFollowed()
    {
        var time = new FakeTimeProvider();
        using var follower = new RtmLinkSdkFollower(null, time, null);
        var recorder = new EventRecorder(follower, time);
        follower.OnLinkStateEvent(0, 1, 0, 1, 1);
        time.Advance(5 * S);
        follower.OnLinkStateEvent(1, 4, 5, 9, 1); // SUSPENDED: the outage is suspended from now on
        time.Advance(30 * S);
        follower.OnLinkStateEvent(4, 1, 5, 8, 1);
        recorder.Take();
        time.Advance(5 * S);

        follower.OnLinkStateEvent(1, 3, 8, 9, 1); // DISCONNECTED, where a suspended link's timeout is SUSPENDED

        var deviation = recorder.Events.OfType<SdkDeviation>().Single();
        Assert.That(deviation.Expected, Is.EqualTo("Suspended (ReconnectTimeout) from Connecting, as the documents' conditions choose"));
        Assert.That(follower.Link.State, Is.EqualTo(RtmLinkState.Disconnected));
    }

    [Test]
    public void AReportTheStateIgnoresByRule_IsNotDrawnFromIt()
    {
        var time = new FakeTimeProvider();
        using var follower = new RtmLinkSdkFollower(null, time, null);
        var recorder = new EventRecorder(follower, time);
        follower.OnLinkStateEvent(0, 1, 0, 1, 1);
        follower.OnLinkStateEvent(1, 2, 0, 2, 1);
        recorder.Take();

        follower.OnLinkStateEvent(2, 3, 9, 32, 1); // a network change while CONNECTED: the link ignores it by rule

        Assert.That(((SdkDeviation)recorder.Events[0]).Expected, Does.StartWith("Disconnected (NetworkChange) only from Connecting"));
        Assert.That(follower.Link.State, Is.EqualTo(RtmLinkState.Disconnected));
    }

    [Test]
    public void AFactInAStateWithoutIt_SaysWhereItIsDrawn()
    {
        var time = new FakeTimeProvider();
        using var follower = new RtcSdkFollower(null, null, time, null);
        var recorder = new EventRecorder(follower, time);
        follower.OnConnectionStateChanged(2, 0);
        follower.OnConnectionStateChanged(3, 1);
        recorder.Take();

        follower.OnConnectionLost();

        Assert.That(recorder.Events, Is.EqualTo(new ConnectivityEvent[]
        {
            recorder.At(TimeSpan.Zero, new SdkDeviation("OnConnectionLost() only in state Connecting or Reconnecting", "OnConnectionLost() in state Connected")),
        }));
    }

    [Test]
    public void AJumpIntoFailedOnABan_RunsTheEntryOfThatTrigger()
    {
        var time = new FakeTimeProvider();
        using var follower = new RtcSdkFollower(null, null, time, null);
        var recorder = new EventRecorder(follower, time);

        follower.OnConnectionBanned(); // while DISCONNECTED: a gap

        Assert.That(recorder.Events.Select(e => e.GetType().Name), Is.EqualTo(new[] { nameof(SdkDeviation), nameof(ConnectionStateChanged), nameof(ConnectionBanned) }));
    }

    [TestCase(11_000, false)]
    [TestCase(11_001, true)]
    [TestCase(9_000, false)]
    [TestCase(8_999, true)]
    public void ADeadlineWithinTheTolerance_IsNoDeviation_OneTickBeyondItIs(int lostAfterMs, bool deviates)
    {
        var time = new FakeTimeProvider();
        using var follower = new RtcSdkFollower(null, null, time, null);
        follower.OnConnectionStateChanged(2, 0);
        follower.OnConnectionStateChanged(3, 1);
        follower.OnConnectionStateChanged(4, 2);
        var recorder = new EventRecorder(follower, time);

        time.Advance(TimeSpan.FromMilliseconds(lostAfterMs));
        follower.OnConnectionLost();

        Assert.That(recorder.Events.OfType<SdkDeviation>().Any(), Is.EqualTo(deviates));
    }

    [Test]
    [NonParallelizable] // the process-wide meter
    public void AnEarlyReport_SaysEarly_AndIsCountedAsTiming()
    {
        using var deviations = new MetricCollector<long>(null, ConnectivityMetrics.MeterName, "agora.connectivity.sdk_deviations");
        var time = new FakeTimeProvider();
        using var follower = new RtcSdkFollower(null, null, time, null);
        var recorder = new EventRecorder(follower, time);
        follower.OnConnectionStateChanged(2, 0);
        time.Advance(7 * S);

        follower.OnConnectionLost(); // 10 s after the join, documented; 7 s here

        Assert.That(recorder.Events.OfType<SdkDeviation>().Single().Reported, Is.EqualTo("OnConnectionLost() at 00:00:07.000, 3 s early"));
        Assert.That(deviations.GetMeasurementSnapshot().Single().Tags["agora.deviation"], Is.EqualTo("Timing"));
    }

    [Test]
    public void AWallClockThatGoesBack_NeverTellsADeviationOrAJumpBeforeTheEventsAlreadyRaised()
    {
        var clock = new BackwardsClock(new DateTimeOffset(2026, 12, 7, 10, 0, 5, TimeSpan.Zero));
        using var machine = new RtcConnectionStateMachine(new RtcConnectionOptions { FollowSdk = true }, clock);
        using var follower = new RtcSdkFollower(machine, null);
        var events = new List<ConnectivityEvent>();
        follower.EventRaised += (_, e) => events.Add(e);
        follower.OnConnectionStateChanged(2, 0);

        clock.Now = clock.Now - (2 * S);
        follower.OnConnectionStateChanged(9, 0);
        follower.OnConnectionStateChanged(4, 2);

        Assert.That(events.Select(e => e.Timestamp).Distinct(), Is.EqualTo(new[] { new DateTimeOffset(2026, 12, 7, 10, 0, 5, TimeSpan.Zero) }));
    }

    // A wall clock the test sets, backwards too (a system clock adjusted); timestamps only go forward.
    private sealed class BackwardsClock(DateTimeOffset start) : ITimeProvider
    {
        private long _timestamp;

        public DateTimeOffset Now { get; set; } = start;

        public long TimestampFrequency => TimeSpan.TicksPerSecond;

        public DateTimeOffset GetUtcNow() => Now;

        public long GetTimestamp() => ++_timestamp;

        public ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => throw new NotSupportedException("A follower arms no timer.");
    }
}
