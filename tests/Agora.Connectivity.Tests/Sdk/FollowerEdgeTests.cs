using Agora.Connectivity.Internal;
using Agora.Connectivity.Presence;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Rtm2;
using Agora.Connectivity.Sdk;
using Agora.Connectivity.Testing;
using Agora.Connectivity.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Agora.Connectivity.Tests.Sdk;

/// <summary>The edges of the followers and of the release numbering, one value either side of each (found by mutation testing).</summary>
public class FollowerEdgeTests
{
    // C# 4.0.1 numbered 21 LICENSE_VERIFY_FAILED, 22 STREAM_CHANNEL_NOT_AVAILABLE; 4.3 and later 22 CERTIFICATION_VERYFY_FAILURE,
    // 23 STREAM_CHANNEL_NOT_AVAILABLE; 3.5 stops at 14; Unity 3.6.2's 15 is PROXY_SERVER_INTERRUPTED; 3.7 has 19 and 20, not 16-18.
    [TestCase(22, "4.0.1", ConnectionChangedReason.StreamChannelNotAvailable)]
    [TestCase(21, "4.0.1", ConnectionChangedReason.LicenseValidationFailure)]
    [TestCase(22, "4.3.0", ConnectionChangedReason.CertificationVerifyFailure)]
    [TestCase(23, "4.6.2", ConnectionChangedReason.StreamChannelNotAvailable)]
    [TestCase(14, "3.5.0", ConnectionChangedReason.KeepAliveTimeout)]
    [TestCase(15, "3.6.2", ConnectionChangedReason.Interrupted)]
    [TestCase(19, "3.7.1", ConnectionChangedReason.SameUidLogin)]
    [TestCase(2, "2.3.2", ConnectionChangedReason.Interrupted)]
    [TestCase(15, "3.6", ConnectionChangedReason.Interrupted)]
    [TestCase(14, "3.5.9", ConnectionChangedReason.KeepAliveTimeout)]
    [TestCase(15, "3.7", ConnectionChangedReason.Interrupted)]
    [TestCase(14, "3.7", ConnectionChangedReason.KeepAliveTimeout)]
    [TestCase(20, "3.7", ConnectionChangedReason.TooManyBroadcasters)]
    [TestCase(22, "4.0", ConnectionChangedReason.StreamChannelNotAvailable)]
    [TestCase(21, "4.2.9", ConnectionChangedReason.LicenseValidationFailure)]
    [TestCase(22, "4.3", ConnectionChangedReason.CertificationVerifyFailure)]
    [TestCase(24, "4.3", ConnectionChangedReason.InconsistentAppId)]
    [TestCase(0, "2.3.2", ConnectionChangedReason.Connecting)]
    public void RtcReason_AtEachReleasesEdge(int value, string release, ConnectionChangedReason expected)
        => Assert.That(SdkValues.RtcReason(value, Version.Parse(release)), Is.EqualTo(expected));

    [TestCase(15, "3.5.0", "it defines 0-14")]
    [TestCase(16, "3.7.1", "it defines 0-15, 19 and 20")]
    [TestCase(23, "4.2.0", "it defines 0-22")]
    [TestCase(25, "4.6.2", "it defines 0-24")]
    [TestCase(-1, "4.6.2", "it defines 0-24")]
    [TestCase(15, "2.3.2", "it defines 0-14")]
    [TestCase(15, "3.5.9", "it defines 0-14")]
    [TestCase(16, "3.6", "it defines 0-15.")]
    [TestCase(19, "3.6.9", "it defines 0-15.")]
    [TestCase(16, "3.7", "it defines 0-15, 19 and 20")]
    [TestCase(21, "3.9", "it defines 0-15, 19 and 20")]
    [TestCase(23, "4.0", "it defines 0-22")]
    [TestCase(23, "4.2.9", "it defines 0-22")]
    [TestCase(25, "4.3", "it defines 0-24")]
    [TestCase(0, "2.3.1", "releases before 2.3.2 have no state callback and no reason")]
    public void RtcReason_JustPastEachReleasesEdge_SaysWhatItDefines(int value, string release, string says)
    {
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => SdkValues.RtcReason(value, Version.Parse(release)))!.Message, Does.Contain($"defines no connection-change reason {value}: {says}"));
        Assert.Throws<ArgumentNullException>(() => SdkValues.RtcReason(value, null!));
    }

    [Test]
    public void Release232_IsTheFirstWithTheStateCallback_BehavingAsCurrent()
    {
        Assert.That(() => new RtcConnectionOptions { SdkVersion = new Version(2, 3, 2) }.Validate(), Is.Empty);
        Assert.That(new RtcConnectionOptions { SdkVersion = new Version(2, 3, 1) }.Validate(), Has.Count.EqualTo(1));

        var time = new FakeTimeProvider();
        using var follower = new RtcSdkFollower(new RtcConnectionOptions { SdkVersion = new Version(2, 3, 2) }, null, time, null);
        var recorder = new EventRecorder(follower, time);
        follower.OnJoinChannelSuccess();

        Assert.That(recorder.Events[0], Is.InstanceOf<SdkDeviation>(), "a 2.3.2 SDK reports CONNECTING itself: a success without it is a gap");
    }

    [Test]
    public void ValueDeviations_SayWhatWasExpected_AndWriteTheCallAsTheSdkMadeIt()
    {
        var time = new FakeTimeProvider();
        using var rtc = new RtcSdkFollower(new RtcConnectionOptions { SdkVersion = new Version(3, 5) }, null, time, null);
        using var rtm = new RtmSdkFollower(null, null, time, null);
        using var link = new RtmLinkSdkFollower(null, time, null);
        var deviations = new List<SdkDeviation>();
        foreach (var source in new IConnectivityEventSource[] { rtc, rtm, link })
        {
            source.EventRaised += (_, e) =>
            {
                if (e is SdkDeviation d)
                {
                    deviations.Add(d);
                }
            };
        }

        rtc.OnConnectionStateChanged(9, 0);
        rtc.OnConnectionStateChanged(2, 15);
        rtc.OnUserOffline(3, 3);
        rtm.OnConnectionStateChanged(0, 1);
        rtm.OnConnectionStateChanged(6, 1);
        rtm.OnConnectionStateChanged(2, 0);
        rtm.OnConnectionStateChanged(2, 10);
        link.OnLinkStateEvent(6, 1, 0, 1, 1);
        link.OnLinkStateEvent(0, 1, 10, 1, 1);
        link.OnLinkStateEvent(0, 1, 0, 38, 1);
        link.OnLinkStateEvent(0, 1, 0, 1, 4);
        link.OnLinkStateEvent(0, 1, 0, 1, -1);
        link.OnLinkStateEvent(-1, 1, 0, 1, 1);

        Assert.That(deviations.Select(d => (d.Expected, d.Reported)), Is.EqualTo(new[]
        {
            ("a CONNECTION_STATE_TYPE value (1-5) of SDK 3.5", "OnConnectionStateChanged(9, 0 Connecting)"),
            ("a CONNECTION_CHANGED_REASON_TYPE value of SDK 3.5 (it defines 0-14)", "OnConnectionStateChanged(2 Connecting, 15)"),
            ("a USER_OFFLINE_REASON_TYPE value (0-2)", "OnUserOffline(3, 3)"),
            ("a CONNECTION_STATE value (1-5)", "OnConnectionStateChanged(0, 1 Login)"),
            ("a CONNECTION_STATE value (1-5)", "OnConnectionStateChanged(6, 1 Login)"),
            ("a CONNECTION_CHANGE_REASON value (1-9)", "OnConnectionStateChanged(2 Connecting, 0)"),
            ("a CONNECTION_CHANGE_REASON value (1-9)", "OnConnectionStateChanged(2 Connecting, 10)"),
            ("an RTM_LINK_STATE previousState (0-5)", "OnLinkStateEvent(6 -> 1 Connecting, 0 Login, 1 Login, 1 Message)"),
            ("an RTM_LINK_OPERATION (0-9)", "OnLinkStateEvent(0 Idle -> 1 Connecting, 10, 1 Login, 1 Message)"),
            ("an RTM_LINK_STATE_CHANGE_REASON (0-37)", "OnLinkStateEvent(0 Idle -> 1 Connecting, 0 Login, 38, 1 Message)"),
            ("an RTM_SERVICE_TYPE (0-3)", "OnLinkStateEvent(0 Idle -> 1 Connecting, 0 Login, 1 Login, 4)"),
            ("an RTM_SERVICE_TYPE (0-3)", "OnLinkStateEvent(0 Idle -> 1 Connecting, 0 Login, 1 Login, -1)"),
            ("an RTM_LINK_STATE previousState (0-5)", "OnLinkStateEvent(-1 -> 1 Connecting, 0 Login, 1 Login, 1 Message)"),
        }));
        Assert.That(rtc.Connection.State, Is.EqualTo(ConnectionState.Disconnected));
        Assert.That(rtm.Connection.State, Is.EqualTo(RtmConnectionState.Disconnected));
        Assert.That(link.Link.State, Is.EqualTo(RtmLinkState.Idle));

        link.OnLinkStateEvent(0, 1, 0, 1, 3);
        Assert.That(link.Link.State, Is.EqualTo(RtmLinkState.Connecting), "MESSAGE | STREAM is a service type");
        link.OnLinkStateEvent(1, 2, 0, 2, 0);
        Assert.That(link.Link.State, Is.EqualTo(RtmLinkState.Connected), "NONE is a service type");
    }

    [Test]
    public void ANullMemberId_IsOneDeviation_AndNothingFailsInside()
    {
        var time = new FakeTimeProvider();
        var log = new FakeLogger();
        using var follower = new RtmSdkFollower(null, null, time, log);

        follower.OnMemberJoined(null!);
        follower.OnMemberLeft(null!);

        Assert.That(log.Entries.Where(e => e.Level >= LogLevel.Error), Is.Empty, "the follower did not go on into the tracker with a null");
        Assert.That(log.Entries.Count(e => e.EventName == "SdkDeviation"), Is.EqualTo(2));
    }

    [Test]
    public void AFailureInsideAForwarder_IsLoggedAsAnError_AndNotThrown()
    {
        var log = new FakeLogger();

        Assert.DoesNotThrow(() => Forwarding.Safely<int>(log, "RtcSdkFollower", 1, _ => throw new InvalidOperationException("a bug")));

        var entry = log.Entries.Single();
        Assert.That((entry.Level, entry.EventId, entry.EventName), Is.EqualTo((LogLevel.Error, 19, "ForwarderFailed")));
        Assert.That(entry.Exception, Is.InstanceOf<InvalidOperationException>());
    }

    [Test]
    public void TheUsersOptions_ReachTheFollowersTracker_AndItsEventsComeOnTheirContext()
    {
        using var context = new SingleThreadContext();
        var time = new FakeTimeProvider();
        using var follower = new RtcSdkFollower(null, new RemoteUserTrackerOptions { EventContext = context }, time, null);
        using var joined = new ManualResetEventSlim();
        var thread = 0;
        follower.RemoteUsers.EventRaised += (_, _) =>
        {
            thread = Environment.CurrentManagedThreadId;
            joined.Set();
        };

        follower.OnUserJoined(1);

        Assert.That(joined.Wait(TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(thread, Is.EqualTo(context.ThreadId));
    }

    [Test]
    public void Dispose_DisposesWhatTheFollowerMade_AndAnUnsubscribedHandlerHearsNothingMore()
    {
        var time = new FakeTimeProvider();
        var rtc = new RtcSdkFollower(null, null, time, null);
        var rtm = new RtmSdkFollower(null, null, time, null);
        var link = new RtmLinkSdkFollower(null, time, null);
        var heard = 0;
        void Count(object? sender, ConnectivityEvent e) => heard++;
        rtc.EventRaised += Count;
        rtm.EventRaised += Count;
        link.EventRaised += Count;
        rtc.EventRaised -= Count;
        rtm.EventRaised -= Count;
        link.EventRaised -= Count;
        rtc.OnConnectionStateChanged(2, 0);
        rtc.OnUserJoined(1);
        rtm.OnConnectionStateChanged(2, 1);
        rtm.OnMemberJoined("bob");
        link.OnLinkStateEvent(0, 1, 0, 1, 1);
        Assert.That(heard, Is.Zero);

        rtc.Dispose();
        rtm.Dispose();
        link.Dispose();

        Assert.Throws<ObjectDisposedException>(() => rtc.Connection.JoinChannel());
        Assert.Throws<ObjectDisposedException>(() => _ = rtm.Connection.LoginAsync());
        Assert.Throws<ObjectDisposedException>(() => link.Link.Logout());
        rtc.OnUserJoined(2);
        rtm.OnMemberJoined("carol");
        Assert.That(rtc.RemoteUsers.OnlineUsers, Is.Empty, "the tracker is disposed too, and hears no more");
        Assert.That(rtm.Members.Members, Is.Empty);
    }

    [Test]
    [NonParallelizable] // the followers count on the process-wide meter
    public void EveryValueDeviation_IsCountedAsAValueDeviation_OnItsMachine()
    {
        using var deviations = new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<long>(null, ConnectivityMetrics.MeterName, "agora.connectivity.sdk_deviations");
        var time = new FakeTimeProvider();
        using var rtc = new RtcSdkFollower(null, null, time, null);
        using var rtm = new RtmSdkFollower(null, null, time, null);
        using var link = new RtmLinkSdkFollower(null, time, null);

        rtc.OnConnectionStateChanged(9, 0);
        rtc.OnConnectionStateChanged(2, 99);
        rtc.OnUserOffline(1, 9);
        rtm.OnConnectionStateChanged(9, 1);
        rtm.OnConnectionStateChanged(2, 99);
        rtm.OnMemberJoined(null!);
        rtm.OnMemberLeft(null!);
        link.OnLinkStateEvent(0, 9, 0, 1, 1);

        Assert.That(deviations.GetMeasurementSnapshot().Select(m => $"{m.Tags["agora.machine"]} {m.Tags["agora.deviation"]}"), Is.EqualTo(new[]
        {
            "rtc Value", "rtc Value", "rtc-users Value", "rtm Value", "rtm Value", "rtm Value", "rtm Value", "rtm2 Value",
        }));
    }

    [Test]
    public void FollowersOverAHostsMachine_FollowTheirRelease_AndTheirTrackersHaveNoTimeout()
    {
        var time = new FakeTimeProvider();
        using var legacy = new RtcConnectionStateMachine(new RtcConnectionOptions { FollowSdk = true, Behavior = RtcSdkBehavior.Legacy, SdkVersion = new Version(2, 2) }, time);
        using var rtm = new RtmConnectionStateMachine(new RtmConnectionOptions { FollowSdk = true }, time);
        using var rtcFollower = new RtcSdkFollower(legacy, null);
        using var rtmFollower = new RtmSdkFollower(rtm, null);
        var deviations = 0;
        rtcFollower.EventRaised += (_, e) => deviations += e is SdkDeviation ? 1 : 0;

        rtcFollower.OnJoinChannelSuccess();
        rtmFollower.OnMemberJoined("bob");
        time.Advance(TimeSpan.FromHours(1));

        Assert.That((legacy.State, deviations), Is.EqualTo((ConnectionState.Connected, 0)), "a legacy SDK's join is seen at its success");
        Assert.That(rtmFollower.Members.Members, Is.EqualTo(new[] { "bob" }));
        using var modelled = new RtcConnectionStateMachine(timeProvider: time);
        Assert.That(Assert.Throws<ArgumentException>(() => _ = new RtcSdkFollower(modelled, null))!.Message, Does.StartWith("The machine must follow the SDK (FollowSdk = true)."));
        using var modelledRtm = new RtmConnectionStateMachine(timeProvider: time);
        Assert.That(Assert.Throws<ArgumentException>(() => _ = new RtmSdkFollower(modelledRtm, null))!.Message, Does.StartWith("The machine must follow the SDK (FollowSdk = true)."));
        using var modelledLink = new RtmLinkStateMachine(null, time);
        Assert.That(Assert.Throws<ArgumentException>(() => _ = new RtmLinkSdkFollower(modelledLink, null))!.Message, Does.StartWith("The link must follow the SDK (FollowSdk = true)."));
    }
}
