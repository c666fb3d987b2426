using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Presence;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Testing;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.Callbacks;

public class CallbackStrategiesTests
{
    private static readonly Platform[] NativeFamily = [Platform.Android, Platform.Windows, Platform.Linux];
    private static readonly Platform[] AppleFamily = [Platform.Ios, Platform.MacOS];

    public static IEnumerable<TestCaseData> LocalTimelines()
    {
        (double, string)[] nativeCurrent =
        [
            (0, "onConnectionStateChanged(CONNECTION_STATE_CONNECTING, CONNECTION_CHANGED_CONNECTING)"),
            (200, "onConnectionStateChanged(CONNECTION_STATE_CONNECTED, CONNECTION_CHANGED_JOIN_SUCCESS)"),
            (200, "onJoinChannelSuccess()"),
            (9000, "onConnectionStateChanged(CONNECTION_STATE_RECONNECTING, CONNECTION_CHANGED_INTERRUPTED)"),
            (19_000, "onConnectionLost()"),
            (30_000, "onConnectionStateChanged(CONNECTION_STATE_CONNECTED, CONNECTION_CHANGED_JOIN_SUCCESS)"),
            (30_000, "onRejoinChannelSuccess()"),
        ];
        (double, string)[] nativeLegacy =
        [
            (200, "onJoinChannelSuccess()"),
            (9000, "onConnectionInterrupted()"),
            (15_000, "onConnectionLost()"),
            (30_000, "onRejoinChannelSuccess()"),
        ];
        (double, string)[] appleCurrent =
        [
            (0, "connectionChangedToState(AgoraConnectionStateConnecting, AgoraConnectionChangedConnecting)"),
            (200, "connectionChangedToState(AgoraConnectionStateConnected, AgoraConnectionChangedJoinSuccess)"),
            (200, "didJoinChannel()"),
            (9000, "connectionChangedToState(AgoraConnectionStateReconnecting, AgoraConnectionChangedInterrupted)"),
            (19_000, "rtcEngineConnectionDidLost()"),
            (30_000, "connectionChangedToState(AgoraConnectionStateConnected, AgoraConnectionChangedJoinSuccess)"),
            (30_000, "didRejoinChannel()"),
        ];
        (double, string)[] appleLegacy =
        [
            (200, "didJoinChannel()"),
            (9000, "rtcEngineConnectionDidInterrupted()"),
            (15_000, "rtcEngineConnectionDidLost()"),
            (30_000, "didRejoinChannel()"),
        ];
        foreach (var platform in NativeFamily)
        {
            yield return new TestCaseData(platform, RtcSdkBehavior.Current, nativeCurrent).SetArgDisplayNames(platform.ToString(), "Current");
            yield return new TestCaseData(platform, RtcSdkBehavior.Legacy, nativeLegacy).SetArgDisplayNames(platform.ToString(), "Legacy");
        }

        foreach (var platform in AppleFamily)
        {
            yield return new TestCaseData(platform, RtcSdkBehavior.Current, appleCurrent).SetArgDisplayNames(platform.ToString(), "Current");
            yield return new TestCaseData(platform, RtcSdkBehavior.Legacy, appleLegacy).SetArgDisplayNames(platform.ToString(), "Legacy");
        }

        yield return new TestCaseData(Platform.Web, RtcSdkBehavior.Current, Array.Empty<(double, string)>()).SetArgDisplayNames("Web", "Current");
        yield return new TestCaseData(Platform.Web, RtcSdkBehavior.Legacy, Array.Empty<(double, string)>()).SetArgDisplayNames("Web", "Legacy");
    }

    public static IEnumerable<TestCaseData> RemoteTimelines()
    {
        foreach (var behavior in new[] { RtcSdkBehavior.Current, RtcSdkBehavior.Legacy })
        {
            foreach (var platform in NativeFamily)
            {
                yield return new TestCaseData(platform, behavior, new (double, string)[]
                {
                    (300, "onUserJoined(1)"),
                    (25_000, "onUserOffline(1, USER_OFFLINE_DROPPED)"),
                    (30_100, "onUserJoined(1)"),
                }).SetArgDisplayNames(platform.ToString(), behavior.ToString());
            }

            foreach (var platform in AppleFamily)
            {
                yield return new TestCaseData(platform, behavior, new (double, string)[]
                {
                    (300, "didJoinedOfUid(1)"),
                    (25_000, "didOfflineOfUid(1, AgoraUserOfflineReasonDropped)"),
                    (30_100, "didJoinedOfUid(1)"),
                }).SetArgDisplayNames(platform.ToString(), behavior.ToString());
            }

            yield return new TestCaseData(Platform.Web, behavior, new (double, string)[]
            {
                (300, "stream-added(1)"),
                (15_000, "stream-removed(1)"),
                (30_100, "stream-added(1)"),
            }).SetArgDisplayNames("Web", behavior.ToString());
        }
    }

    /// <summary>Doc 004 (doc 001 for Legacy): UID 1 joins at 0, is accepted at 200 ms, hears the server until T3 = 5 s, and rejoins at 30 s.</summary>
    [TestCaseSource(nameof(LocalTimelines))]
    public void Golden_LocalTimeline_JoinInterruptedLostRejoin(Platform platform, RtcSdkBehavior behavior, (double Ms, string Callback)[] expected)
    {
        var time = new FakeTimeProvider();
        using var machine = new RtcConnectionStateMachine(new RtcConnectionOptions { Behavior = behavior }, time);
        var seen = new List<(double, string)>();
        using var subscription = machine.Subscribe(CallbackStrategies.For(platform, behavior), c => seen.Add((time.Elapsed.TotalMilliseconds, c.ToString())));

        machine.JoinChannel();
        time.Advance(Ms(200));
        machine.ReportJoinSuccess();
        for (var i = 0; i < 4; i++)
        {
            time.Advance(Ms(1200));
            machine.ReportServerActivity();
        }

        time.Advance(Sec(25));
        machine.ReportJoinSuccess();

        Assert.That(seen, Is.EqualTo(expected));
    }

    /// <summary>What UID 2 sees of UID 1 in the same timeline: joined 100 ms after UID 1's join, offline 20 s after T3 (10 s on the Web), back 100 ms after the rejoin.</summary>
    [TestCaseSource(nameof(RemoteTimelines))]
    public void Golden_RemoteTimeline_JoinedOfflineJoined(Platform platform, RtcSdkBehavior behavior, (double Ms, string Callback)[] expected)
    {
        var time = new FakeTimeProvider();
        using var tracker = new RemoteUserTracker(RemoteUserTrackerOptions.ForObserver(platform), time);
        var seen = new List<(double, string)>();
        using var subscription = tracker.Subscribe(CallbackStrategies.For(platform, behavior), c => seen.Add((time.Elapsed.TotalMilliseconds, c.ToString())));

        time.Advance(Ms(300));
        tracker.ReportUserJoined(1);
        time.Advance(Ms(4700));
        tracker.ReportUserActivity(1);
        time.Advance(Ms(25_100));
        tracker.ReportUserJoined(1);

        Assert.That(seen, Is.EqualTo(expected));
    }

    [TestCase(Platform.Android, "onUserOffline(7, USER_OFFLINE_QUIT)")]
    [TestCase(Platform.Ios, "didOfflineOfUid(7, AgoraUserOfflineReasonQuit)")]
    [TestCase(Platform.Web, "peer-leave(7)")]
    public void Map_Quit_IsEachPlatformsLeave(Platform platform, string expected)
        => Assert.That(Map(platform, new RemoteUserOffline(7, UserOfflineReason.Quit)), Is.EqualTo(new[] { expected }));

    [TestCase(Platform.Android, new string[0])]
    [TestCase(Platform.MacOS, new string[0])]
    [TestCase(Platform.Web, new[] { "peer-leave(7)" })]
    public void Map_ServerLetGoOfASilentUser_OnlyTheWebHearsIt(Platform platform, string[] expected)
        => Assert.That(Map(platform, new RemoteUserLeft(7)), Is.EqualTo(expected));

    [TestCase(Platform.Android, "onConnectionStateChanged(CONNECTION_STATE_ABORTED, CONNECTION_CHANGE_REASON_REMOTE_LOGIN)")]
    [TestCase(Platform.Windows, "onConnectionStateChanged(CONNECTION_STATE_ABORTED, CONNECTION_CHANGE_REASON_REMOTE_LOGIN)")]
    [TestCase(Platform.Ios, "connectionStateChanged(AgoraRtmConnectionStateAborted, AgoraRtmConnectionChangeReasonRemoteLogin)")]
    [TestCase(Platform.Web, "ConnectionStateChanged(ABORTED, REMOTE_LOGIN)")]
    public void Map_RtmRemoteLogin(Platform platform, string expected)
        => Assert.That(
            Map(platform, new RtmConnectionStateChanged(RtmConnectionState.Connected, RtmConnectionState.Aborted, RtmConnectionChangeReason.RemoteLogin)),
            Is.EqualTo(new[] { expected }));

    // onTokenPrivilegeWillExpire / onRequestToken and their iOS names (CONTRACT, "Tokens"), in both generations.
    [TestCase(Platform.Android, "onTokenPrivilegeWillExpire()", "onRequestToken()")]
    [TestCase(Platform.Windows, "onTokenPrivilegeWillExpire()", "onRequestToken()")]
    [TestCase(Platform.Linux, "onTokenPrivilegeWillExpire()", "onRequestToken()")]
    [TestCase(Platform.Ios, "tokenPrivilegeWillExpire()", "rtcEngineRequestToken()")]
    [TestCase(Platform.MacOS, "tokenPrivilegeWillExpire()", "rtcEngineRequestToken()")]
    public void Map_RtcTokenEvents(Platform platform, string willExpire, string expired)
    {
        foreach (var behavior in new[] { RtcSdkBehavior.Current, RtcSdkBehavior.Legacy })
        {
            var strategy = CallbackStrategies.For(platform, behavior);
            Assert.That(strategy.Map(new TokenPrivilegeWillExpire()).Select(c => c.ToString()), Is.EqualTo(new[] { willExpire }));
            Assert.That(strategy.Map(new TokenPrivilegeExpired()).Select(c => c.ToString()), Is.EqualTo(new[] { expired }));
        }
    }

    // CONTRACT, "Correction of 2026-11-23": the kebab-case names are Web 4.x only; 2.5.1+ and 3.x raise onTokenPrivilege*; 2.3.1 neither.
    [TestCase(WebSdk.V2, "onTokenPrivilegeWillExpire()", "onTokenPrivilegeDidExpire()")]
    [TestCase(WebSdk.V3, "onTokenPrivilegeWillExpire()", "onTokenPrivilegeDidExpire()")]
    [TestCase(WebSdk.V4, "token-privilege-will-expire()", "token-privilege-did-expire()")]
    public void Map_RtcTokenEvents_OnEachWebLine(WebSdk sdk, string willExpire, string expired)
    {
        var strategy = CallbackStrategies.ForWeb(sdk);
        Assert.That(strategy.Map(new TokenPrivilegeWillExpire()).Select(c => c.ToString()), Is.EqualTo(new[] { willExpire }));
        Assert.That(strategy.Map(new TokenPrivilegeExpired()).Select(c => c.ToString()), Is.EqualTo(new[] { expired }));
        Assert.That(CallbackStrategies.For(Platform.Web, RtcSdkBehavior.Legacy).Map(new TokenPrivilegeWillExpire()), Is.Empty, "agora-rtc-sdk 2.3.1 has no token events");
    }

    [TestCase(Platform.Android, "onTokenPrivilegeWillExpire()")]
    [TestCase(Platform.Ios, "rtmKitTokenPrivilegeWillExpire()")]
    [TestCase(Platform.Web, "TokenPrivilegeWillExpire()")]
    public void Map_RtmTokenWarning_InEveryGeneration(Platform platform, string expected)
    {
        foreach (var generation in Enum.GetValues<SdkGeneration>())
        {
            Assert.That(CallbackStrategies.For(platform, generation).Map(new RtmTokenPrivilegeWillExpire()).Select(c => c.ToString()), Is.EqualTo(new[] { expected }));
        }
    }

    [TestCase(Platform.Linux, "onMemberJoined(alice)", "onMemberLeft(alice)", "onTokenExpired()")]
    [TestCase(Platform.MacOS, "memberJoined(alice)", "memberLeft(alice)", "rtmKitTokenDidExpire()")]
    [TestCase(Platform.Web, "MemberJoined(alice)", "MemberLeft(alice)", "TokenExpired()")]
    public void Map_RtmMembersAndToken(Platform platform, string joined, string left, string token)
    {
        Assert.That(Map(platform, new MemberJoined("alice")), Is.EqualTo(new[] { joined }));
        Assert.That(Map(platform, new MemberLeft("alice")), Is.EqualTo(new[] { left }));
        Assert.That(Map(platform, new TokenExpired()), Is.EqualTo(new[] { token }));
        Assert.That(Map(platform, new PresenceExpired()), Is.Empty);
    }

    [Test]
    public void Map_BannedAndUnknownEvents()
    {
        // Deprecated at v2.3.2 in favour of the state callback, as onConnectionInterrupted is: heard before v2.3.2 only.
        Assert.That(Map(Platform.Android, new ConnectionBanned()), Is.Empty);
        Assert.That(Map(Platform.Ios, new ConnectionBanned()), Is.Empty);
        Assert.That(CallbackStrategies.For(Platform.Android, RtcSdkBehavior.Legacy).Map(new ConnectionBanned()).Select(c => c.ToString()), Is.EqualTo(new[] { "onConnectionBanned()" }));
        Assert.That(CallbackStrategies.For(Platform.Ios, RtcSdkBehavior.Legacy).Map(new ConnectionBanned()).Select(c => c.ToString()), Is.EqualTo(new[] { "rtcEngineConnectionDidBanned()" }));
        Assert.That(Map(Platform.Web, new ConnectionBanned()), Is.Empty);
        Assert.That(Map(Platform.Android, new SomethingElse()), Is.Empty);
    }

    [Test]
    public void For_EveryPlatformAndBehavior_ReportsItsPlatform_AndIsShared()
    {
        foreach (var platform in Enum.GetValues<Platform>())
        {
            foreach (var behavior in Enum.GetValues<RtcSdkBehavior>())
            {
                var first = CallbackStrategies.For(platform, behavior);
                var second = CallbackStrategies.For(platform, behavior);
                Assert.That(first.Platform, Is.EqualTo(platform));
                Assert.That(second, Is.SameAs(first));
            }
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => CallbackStrategies.For((Platform)42));
        Assert.Throws<ArgumentOutOfRangeException>(() => CallbackStrategies.For(Platform.Android, (RtcSdkBehavior)42));
    }

    [Test]
    public void PlatformCallback_ToStringAndValueEquality()
    {
        var callback = new PlatformCallback("onConnectionStateChanged", "CONNECTION_STATE_RECONNECTING", "CONNECTION_CHANGED_INTERRUPTED");

        Assert.That(callback.ToString(), Is.EqualTo("onConnectionStateChanged(CONNECTION_STATE_RECONNECTING, CONNECTION_CHANGED_INTERRUPTED)"));
        Assert.That(callback, Is.EqualTo(new PlatformCallback("onConnectionStateChanged", new List<string> { "CONNECTION_STATE_RECONNECTING", "CONNECTION_CHANGED_INTERRUPTED" })));
        Assert.That(callback.GetHashCode(), Is.EqualTo(new PlatformCallback("onConnectionStateChanged", "CONNECTION_STATE_RECONNECTING", "CONNECTION_CHANGED_INTERRUPTED").GetHashCode()));
        Assert.That(callback, Is.Not.EqualTo(new PlatformCallback("onConnectionStateChanged", "CONNECTION_STATE_RECONNECTING")));
        Assert.That(new PlatformCallback("onConnectionLost").ToString(), Is.EqualTo("onConnectionLost()"));
    }

    [Test]
    public void Subscribe_Dispose_StopsTheCallbacks_AndNullsAreRejected()
    {
        var time = new FakeTimeProvider();
        using var machine = new RtcConnectionStateMachine(timeProvider: time);
        var seen = new List<PlatformCallback>();
        var subscription = machine.Subscribe(CallbackStrategies.For(Platform.Android), seen.Add);
        machine.JoinChannel();

        subscription.Dispose();
        subscription.Dispose();
        machine.ReportJoinSuccess();

        Assert.That(seen, Has.Count.EqualTo(1));
        Assert.Throws<ArgumentNullException>(() => machine.Subscribe(null!, _ => { }));
        Assert.Throws<ArgumentNullException>(() => machine.Subscribe(CallbackStrategies.For(Platform.Web), null!));
        Assert.Throws<ArgumentNullException>(() => ((IConnectivityEventSource)null!).Subscribe(CallbackStrategies.For(Platform.Web), _ => { }));
    }

    private static IEnumerable<string> Map(Platform platform, ConnectivityEvent e)
        => CallbackStrategies.For(platform).Map(e).Select(c => c.ToString());

    [TestCase(Platform.Android)]
    [TestCase(Platform.Ios)]
    [TestCase(Platform.Windows)]
    public void Map_AnEventWithAnUndefinedValue_ThrowsAnArgumentExceptionNamingIt(Platform platform)
    {
        var strategy = CallbackStrategies.For(platform);
        ConnectivityEvent[] events =
        [
            new ConnectionStateChanged(ConnectionState.Connected, ConnectionState.Reconnecting, (ConnectionChangedReason)99),
            new ConnectionStateChanged(ConnectionState.Connected, (ConnectionState)42, ConnectionChangedReason.Interrupted),
            new RemoteUserOffline(7, (UserOfflineReason)9),
            new RtmConnectionStateChanged(RtmConnectionState.Connected, RtmConnectionState.Reconnecting, (RtmConnectionChangeReason)77),
        ];

        foreach (var e in events)
        {
            var thrown = Assert.Throws<ArgumentOutOfRangeException>(() => strategy.Map(e), e.ToString());
            Assert.That(thrown!.ParamName, Is.EqualTo("e"));
            Assert.That(thrown.Message, Does.Match(@"The event carries (99|42|9|77), which is not a defined \w+ value, so no platform spells it\."));
        }
    }

    private sealed record SomethingElse : ConnectivityEvent;
}
