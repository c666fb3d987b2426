using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Tests.TestSupport;
using Agora.Connectivity.Timeline;

namespace Agora.Connectivity.Tests.Simulation;

/// <summary>
/// Every scenario of the timeline sample, whole, against a table written from the documents: each
/// user's callbacks, in order, with their times (and, marked "&gt;", what was done to whom).
/// Common to the RTC scenarios: both users join at 0; the server accepts at 200 ms (T1); each hears
/// of the other at 300 ms (T2); UID 1's last data is at 5 s (T3), so T4 = 9 s, and T6 (the others'
/// offline) = 25 s natively, 15 s on the Web.
/// </summary>
public class TimelineScenarioTests
{
    private const string RtcJoin = """
        0.000 uid 1 > JoinChannel()
        0.000 uid 2 > JoinChannel()
        0.000 uid 1 onConnectionStateChanged(CONNECTION_STATE_CONNECTING, CONNECTION_CHANGED_CONNECTING)
        0.000 uid 2 onConnectionStateChanged(CONNECTION_STATE_CONNECTING, CONNECTION_CHANGED_CONNECTING)
        0.200 uid 1 onConnectionStateChanged(CONNECTION_STATE_CONNECTED, CONNECTION_CHANGED_JOIN_SUCCESS)
        0.200 uid 1 onJoinChannelSuccess()
        0.200 uid 2 onConnectionStateChanged(CONNECTION_STATE_CONNECTED, CONNECTION_CHANGED_JOIN_SUCCESS)
        0.200 uid 2 onJoinChannelSuccess()
        0.300 uid 2 onUserJoined(1)
        0.300 uid 1 onUserJoined(2)

        """;

    // After UID 1's join (its line differs by scenario): UID 2 and UID 3 (on the Web) join at 0, all accepted at 200 ms, heard at 300 ms.
    private const string ThreeUsersJoined = """
        0.000 uid 2 > JoinChannel()
        0.000 uid 3 > JoinChannel()
        0.000 uid 1 onConnectionStateChanged(CONNECTION_STATE_CONNECTING, CONNECTION_CHANGED_CONNECTING)
        0.000 uid 2 onConnectionStateChanged(CONNECTION_STATE_CONNECTING, CONNECTION_CHANGED_CONNECTING)
        0.200 uid 1 onConnectionStateChanged(CONNECTION_STATE_CONNECTED, CONNECTION_CHANGED_JOIN_SUCCESS)
        0.200 uid 1 onJoinChannelSuccess()
        0.200 uid 2 onConnectionStateChanged(CONNECTION_STATE_CONNECTED, CONNECTION_CHANGED_JOIN_SUCCESS)
        0.200 uid 2 onJoinChannelSuccess()
        0.300 uid 2 onUserJoined(1)
        0.300 uid 1 onUserJoined(2)
        0.300 uid 3 stream-added(1)
        0.300 uid 1 onUserJoined(3)
        0.300 uid 3 stream-added(2)
        0.300 uid 2 onUserJoined(3)

        """;

    private const string RtmLogin = """
        0.000 alice > LoginAsync()
        0.000 bob > LoginAsync()
        0.000 alice ConnectionStateChanged(CONNECTING, LOGIN)
        0.000 bob ConnectionStateChanged(CONNECTING, LOGIN)
        0.200 alice ConnectionStateChanged(CONNECTED, LOGIN_SUCCESS)
        0.200 bob ConnectionStateChanged(CONNECTED, LOGIN_SUCCESS)
        0.300 bob MemberJoined(alice)
        0.300 alice MemberJoined(bob)

        """;

    [Test]
    public void DropAndRejoinWithin20s_Uid2SeesNothing()
        => AssertTimeline("drop-rejoin-within-20s", RtcJoin + """
            5.000 uid 1 > DropNetwork()
            9.000 uid 1 onConnectionStateChanged(CONNECTION_STATE_RECONNECTING, CONNECTION_CHANGED_INTERRUPTED)
            19.000 uid 1 onConnectionLost()
            20.000 uid 1 > RestoreNetwork()
            20.200 uid 1 onConnectionStateChanged(CONNECTION_STATE_CONNECTED, CONNECTION_CHANGED_JOIN_SUCCESS)
            20.200 uid 1 onRejoinChannelSuccess()
            """);

    [Test]
    public void DropAndRejoinAfter20s_Uid2SeesOfflineAtT3Plus20s_AndJoined100msAfterTheRejoin()
        => AssertTimeline("drop-rejoin-after-20s", RtcJoin + """
            5.000 uid 1 > DropNetwork()
            9.000 uid 1 onConnectionStateChanged(CONNECTION_STATE_RECONNECTING, CONNECTION_CHANGED_INTERRUPTED)
            19.000 uid 1 onConnectionLost()
            25.000 uid 2 onUserOffline(1, USER_OFFLINE_DROPPED)
            30.000 uid 1 > RestoreNetwork()
            30.200 uid 1 onConnectionStateChanged(CONNECTION_STATE_CONNECTED, CONNECTION_CHANGED_JOIN_SUCCESS)
            30.200 uid 1 onRejoinChannelSuccess()
            30.300 uid 2 onUserJoined(1)
            """);

    [Test]
    public void DropUntilFailed_FailedAtT4Plus20Min()
        => AssertTimeline("drop-until-failed", RtcJoin + """
            5.000 uid 1 > DropNetwork()
            9.000 uid 1 onConnectionStateChanged(CONNECTION_STATE_RECONNECTING, CONNECTION_CHANGED_INTERRUPTED)
            19.000 uid 1 onConnectionLost()
            25.000 uid 2 onUserOffline(1, USER_OFFLINE_DROPPED)
            1209.000 uid 1 onConnectionStateChanged(CONNECTION_STATE_FAILED, CONNECTION_CHANGED_JOIN_FAILED)
            """);

    [Test]
    public void IosKilled_LeavesFirst_Uid2SeesQuit100msLater()
        => AssertTimeline("ios-killed", """
            0.000 uid 1 > JoinChannel()
            0.000 uid 2 > JoinChannel()
            0.000 uid 1 connectionChangedToState(AgoraConnectionStateConnecting, AgoraConnectionChangedConnecting)
            0.000 uid 2 onConnectionStateChanged(CONNECTION_STATE_CONNECTING, CONNECTION_CHANGED_CONNECTING)
            0.200 uid 1 connectionChangedToState(AgoraConnectionStateConnected, AgoraConnectionChangedJoinSuccess)
            0.200 uid 1 didJoinChannel()
            0.200 uid 2 onConnectionStateChanged(CONNECTION_STATE_CONNECTED, CONNECTION_CHANGED_JOIN_SUCCESS)
            0.200 uid 2 onJoinChannelSuccess()
            0.300 uid 2 onUserJoined(1)
            0.300 uid 1 didJoinedOfUid(2)
            5.000 uid 1 > KillProcess()
            5.000 uid 1 connectionChangedToState(AgoraConnectionStateDisconnected, AgoraConnectionChangedLeaveChannel)
            5.100 uid 2 onUserOffline(1, USER_OFFLINE_QUIT)
            """);

    [Test]
    public void IosKilled_WatchedFromTheWeb_IsAPeerLeave()
    {
        var run = Scenarios.Find("ios-killed")!.Run(new ScenarioSettings(Remote: Platform.Web));

        Assert.That(Format(run).Split('\n').Last(), Is.EqualTo("5.100 uid 2 peer-leave(1)"));
    }

    [Test]
    public void AndroidKilled_NeverBack_In4x_TheWebObserverHearsUserLeft_AndThe4xNames()
    {
        var run = Scenarios.Find("android-killed-never-back")!.Run(new ScenarioSettings(Generation: SdkGeneration.V4));

        Assert.That(Format(run).Split('\n'), Is.EqualTo("""
            0.000 uid 1 > JoinChannel()
            0.000 uid 2 > JoinChannel()
            0.000 uid 3 > JoinChannel()
            0.000 uid 1 onConnectionStateChanged(CONNECTION_STATE_CONNECTING, CONNECTION_CHANGED_CONNECTING)
            0.000 uid 2 onConnectionStateChanged(CONNECTION_STATE_CONNECTING, CONNECTION_CHANGED_CONNECTING)
            0.000 uid 3 connection-state-change(CONNECTING, DISCONNECTED)
            0.200 uid 1 onConnectionStateChanged(CONNECTION_STATE_CONNECTED, CONNECTION_CHANGED_JOIN_SUCCESS)
            0.200 uid 1 onJoinChannelSuccess()
            0.200 uid 2 onConnectionStateChanged(CONNECTION_STATE_CONNECTED, CONNECTION_CHANGED_JOIN_SUCCESS)
            0.200 uid 2 onJoinChannelSuccess()
            0.200 uid 3 connection-state-change(CONNECTED, CONNECTING)
            0.300 uid 2 onUserJoined(1)
            0.300 uid 1 onUserJoined(2)
            0.300 uid 3 user-joined(1)
            0.300 uid 3 user-published(1)
            0.300 uid 1 onUserJoined(3)
            0.300 uid 3 user-joined(2)
            0.300 uid 3 user-published(2)
            0.300 uid 2 onUserJoined(3)
            5.000 uid 1 > KillProcess()
            25.000 uid 2 onUserOffline(1, USER_OFFLINE_DROPPED)
            25.000 uid 3 user-unpublished(1)
            25.000 uid 3 user-left(1, ServerTimeOut)
            """.Split('\n')));
    }

    [Test]
    public void WebLines_EachWebLineHearsADropAndSaysItsOwnLeave_AsItShipped()
    {
        var rows = Format(Scenarios.Find("web-lines")!.Run(new ScenarioSettings())).Split('\n');

        Assert.That(rows.Where(r => !r.Contains("uid 1", StringComparison.Ordinal) && !r.Contains("> ", StringComparison.Ordinal) && !r.StartsWith("0.", StringComparison.Ordinal)), Is.EqualTo("""
            15.000 uid 2 stream-removed(1)
            25.000 uid 3 peer-leave(1, ServerTimeOut)
            25.000 uid 4 user-unpublished(1)
            25.000 uid 4 user-left(1, ServerTimeOut)
            185.000 uid 2 peer-leave(1)
            190.000 uid 3 connection-state-change(DISCONNECTING, CONNECTED)
            190.000 uid 3 connection-state-change(DISCONNECTED, DISCONNECTING)
            190.000 uid 4 connection-state-change(DISCONNECTING, CONNECTED)
            190.000 uid 4 connection-state-change(DISCONNECTED, DISCONNECTING, LEAVE)
            """.Split('\n')));
        Assert.That(rows, Has.Some.EqualTo("0.300 uid 3 peer-online(1)").And.Some.EqualTo("0.300 uid 4 user-joined(1)").And.Some.EqualTo("0.300 uid 2 stream-added(1)"));
    }

    [TestCase(WebSdk.V2, "30.000 uid 1 onTokenPrivilegeWillExpire()", "60.000 uid 1 onTokenPrivilegeDidExpire()")]
    [TestCase(WebSdk.V3, "30.000 uid 1 onTokenPrivilegeWillExpire()", "60.000 uid 1 onTokenPrivilegeDidExpire()")]
    [TestCase(WebSdk.V4, "30.000 uid 1 token-privilege-will-expire()", "60.000 uid 1 token-privilege-did-expire()")]
    public void TokenExpires_OnEachWebLine_TheTokenEventsAsThatLineNamesThem(WebSdk line, string warned, string expired)
    {
        var rows = Format(Scenarios.Find("token-expires")!.Run(new ScenarioSettings(Local: Platform.Web, Web: line))).Split('\n');

        Assert.That(rows, Has.Some.EqualTo(warned).And.Some.EqualTo(expired));
        if (line == WebSdk.V4)
        {
            Assert.That(rows, Has.Some.EqualTo("60.000 uid 1 connection-state-change(DISCONNECTING, CONNECTED)"));
        }
    }

    [Test]
    public void IosKilled_In4x_SpeaksTheReasonInfix()
    {
        var run = Scenarios.Find("ios-killed")!.Run(new ScenarioSettings(Generation: SdkGeneration.V4));

        Assert.That(Format(run), Does.Contain("5.000 uid 1 connectionChangedToState(AgoraConnectionStateDisconnected, AgoraConnectionChangedReasonLeaveChannel)"));
    }

    [Test]
    public void AndroidKilled_RestartedWithin20s_Uid2SeesNothing()
        => AssertTimeline("android-killed-restarted", RtcJoin + """
            5.000 uid 1 > KillProcess()
            15.000 uid 1 > RestartAndRejoin()
            15.000 uid 1 onConnectionStateChanged(CONNECTION_STATE_CONNECTING, CONNECTION_CHANGED_CONNECTING)
            15.200 uid 1 onConnectionStateChanged(CONNECTION_STATE_CONNECTED, CONNECTION_CHANGED_JOIN_SUCCESS)
            15.200 uid 1 onJoinChannelSuccess()
            15.300 uid 1 onUserJoined(2)
            """);

    [Test]
    public void AndroidKilled_NeverBack_NativeOfflineAt20s_WebRemovedAt10s_PeerLeaveAt3Min()
        => AssertTimeline("android-killed-never-back", "0.000 uid 1 > JoinChannel()\n" + ThreeUsersJoined + """
            5.000 uid 1 > KillProcess()
            15.000 uid 3 stream-removed(1)
            25.000 uid 2 onUserOffline(1, USER_OFFLINE_DROPPED)
            185.000 uid 3 peer-leave(1)
            """);

    [Test]
    public void LastUserLeaves_ChannelDestroyed10sLater()
    {
        var run = AssertTimeline("last-user-leaves", RtcJoin + """
            5.000 uid 1 > LeaveChannel()
            5.000 uid 1 onConnectionStateChanged(CONNECTION_STATE_DISCONNECTED, CONNECTION_CHANGED_LEAVE_CHANNEL)
            5.100 uid 2 onUserOffline(1, USER_OFFLINE_QUIT)
            10.000 uid 2 > LeaveChannel()
            10.000 uid 2 onConnectionStateChanged(CONNECTION_STATE_DISCONNECTED, CONNECTION_CHANGED_LEAVE_CHANNEL)
            """);

        Assert.That(run.Notes, Is.EqualTo(new[] { "The server destroyed the channel at T+20.000s." }));
    }

    [Test]
    public void LegacyDrop_InterruptedAtT3Plus4s_LostAtT3Plus10s_NoStateCallbacks()
        => AssertTimeline("legacy-drop", """
            0.000 uid 1 > JoinChannel()
            0.000 uid 2 > JoinChannel()
            0.200 uid 1 onJoinChannelSuccess()
            0.200 uid 2 onJoinChannelSuccess()
            0.300 uid 2 onUserJoined(1)
            0.300 uid 1 onUserJoined(2)
            5.000 uid 1 > DropNetwork()
            9.000 uid 1 onConnectionInterrupted()
            15.000 uid 1 onConnectionLost()
            25.000 uid 2 onUserOffline(1, USER_OFFLINE_DROPPED)
            30.000 uid 1 > RestoreNetwork()
            30.200 uid 1 onRejoinChannelSuccess()
            30.300 uid 2 onUserJoined(1)
            """);

    [Test]
    public void RtmDropWithin30s_BobSeesNothing()
        => AssertTimeline("rtm-drop-within-30s", RtmLogin + """
            5.000 alice > DropNetwork()
            9.000 alice ConnectionStateChanged(RECONNECTING, INTERRUPTED)
            25.000 alice > RestoreNetwork()
            25.200 alice ConnectionStateChanged(CONNECTED, LOGIN_SUCCESS)
            """);

    [Test]
    public void RtmDropBeyond30s_BobSeesMemberLeftAt30s_AndMemberJoinedOnReconnect()
        => AssertTimeline("rtm-drop-beyond-30s", RtmLogin + """
            5.000 alice > DropNetwork()
            9.000 alice ConnectionStateChanged(RECONNECTING, INTERRUPTED)
            35.000 bob MemberLeft(alice)
            45.000 alice > RestoreNetwork()
            45.200 alice ConnectionStateChanged(CONNECTED, LOGIN_SUCCESS)
            45.300 bob MemberJoined(alice)
            """);

    [Test]
    public void RtmRemoteLogin_FirstDeviceAborted_ThenLogsOut()
        => AssertTimeline("rtm-remote-login", RtmLogin + """
            10.000 alice#2 > LoginAsync()
            10.000 alice#2 ConnectionStateChanged(CONNECTING, LOGIN)
            10.200 alice#2 ConnectionStateChanged(CONNECTED, LOGIN_SUCCESS)
            10.200 alice ConnectionStateChanged(ABORTED, REMOTE_LOGIN)
            10.300 alice#2 MemberJoined(bob)
            15.000 alice > LogoutAsync()
            15.000 alice ConnectionStateChanged(DISCONNECTED, LOGOUT)
            """);

    // RTM 2.x: each line is "state/operation/reason" of the Web's linkState, shortened.
    [Test]
    public void Rtm2LongDrop_SuspendedAfter115s_BobHearsRemoteTimeout_ConnectedOnRecovery_NeverFailed()
    {
        var lines = Short(Scenarios.Find("rtm2-long-drop")!.Run(new ScenarioSettings()));

        Assert.That(lines, Does.Contain("15.000 alice DISCONNECTED HEARTBEAT_TIMEOUT KEEP_ALIVE_TIMEOUT"), "the ping of 6 s unanswered");
        Assert.That(lines, Does.Contain("18.000 alice CONNECTING AUTO_RECONNECT AUTO_RECONNECT"), "the socket's 3 s");
        Assert.That(lines, Does.Contain("23.000 alice DISCONNECTED SERVER_TIMEOUT RECONNECT_TIMEOUT"));
        Assert.That(lines.First(l => l.Contains("SUSPENDED")), Is.EqualTo("147.000 alice SUSPENDED AUTO_RECONNECT RECONNECT_TIMEOUT"));
        Assert.That(lines, Does.Contain("305.000 bob presence(eventType: \"REMOTE_TIMEOUT\", channelType: \"MESSAGE\", publisher: \"alice\")"));
        Assert.That(lines[^1], Is.EqualTo("330.200 alice CONNECTED AUTO_RECONNECT RECONNECT_SUCCESS"), "not resumed: it was suspended");
        Assert.That(lines, Has.None.Contains("FAILED"));
    }

    [Test]
    public void Rtm2DropReconnect_TheNetworkBackDuringAnAttempt_AbandonsIt_AndReconnects2sLater_Resumed()
        => Assert.That(Short(Scenarios.Find("rtm2-drop-reconnect")!.Run(new ScenarioSettings())).TakeLast(4), Is.EqualTo(new[]
        {
            "25.000 alice CONNECTING AUTO_RECONNECT AUTO_RECONNECT",
            "27.000 alice DISCONNECTED NETWORK_CHANGE NETWORK_CHANGE",
            "29.000 alice CONNECTING AUTO_RECONNECT AUTO_RECONNECT",
            "29.200 alice CONNECTED AUTO_RECONNECT RECONNECT_SUCCESS resumed",
        }));

    [Test]
    public void Rtm2ServerKickAndToken_OnAndroid_UseOnLinkStateEvent()
    {
        var kick = Format(Scenarios.Find("rtm2-server-kick")!.Run(new ScenarioSettings(Local: Platform.Android)));
        var token = Short(Scenarios.Find("rtm2-token-expires")!.Run(new ScenarioSettings()));

        Assert.That(kick, Does.Contain("10.200 alice onLinkStateEvent(currentState: RtmLinkState.failed, previousState: RtmLinkState.connected, serviceType: RtmServiceType.message, operation: RtmLinkOperation.serverReject, reasonCode: RtmLinkStateChangeReason.sameUidLogin, isResumed: false)"));
        Assert.That(kick, Does.Contain("25.000 alice#2 onLinkStateEvent(currentState: RtmLinkState.connecting, previousState: RtmLinkState.failed, serviceType: RtmServiceType.message, operation: RtmLinkOperation.login, reasonCode: RtmLinkStateChangeReason.relogin, isResumed: false)"));
        Assert.That(token, Is.EqualTo(new[]
        {
            "0.000 alice CONNECTING LOGIN LOGIN",
            "0.200 alice CONNECTED LOGIN LOGIN_SUCCESS",
            "60.000 alice FAILED SERVER_REJECT TOKEN_EXPIRED",
            "70.000 alice CONNECTING LOGIN RELOGIN",
            "70.200 alice CONNECTED LOGIN LOGIN_SUCCESS",
        }));
    }

    [Test]
    public void RtmRemoteLogin_OnAndroid_UsesTheNativeNames()
    {
        var run = Scenarios.Find("rtm-remote-login")!.Run(new ScenarioSettings(Local: Platform.Android));

        Assert.That(Format(run), Does.Contain("10.200 alice onConnectionStateChanged(CONNECTION_STATE_ABORTED, CONNECTION_CHANGE_REASON_REMOTE_LOGIN)"));
    }

    [Test]
    public void DropAndRejoin_OnIosWatchedFromTheWeb_UsesEachPlatformsNames()
    {
        var run = Scenarios.Find("drop-rejoin-after-20s")!.Run(new ScenarioSettings(Local: Platform.Ios, Remote: Platform.Web));

        Assert.That(Format(run).Split('\n').Where(l => !l.Contains('>')).Skip(3), Is.EqualTo(new[]
        {
            "0.300 uid 2 stream-added(1)",
            "0.300 uid 1 didJoinedOfUid(2)",
            "9.000 uid 1 connectionChangedToState(AgoraConnectionStateReconnecting, AgoraConnectionChangedInterrupted)",
            "15.000 uid 2 stream-removed(1)",
            "19.000 uid 1 rtcEngineConnectionDidLost()",
            "30.200 uid 1 connectionChangedToState(AgoraConnectionStateConnected, AgoraConnectionChangedJoinSuccess)",
            "30.200 uid 1 didRejoinChannel()",
            "30.300 uid 2 stream-added(1)",
        }));
    }

    [Test]
    public void TokenExpires_WarnedAt30s_FailedAt60s_OthersSeeADrop_RenewedAndRejoined()
        => AssertTimeline("token-expires", "0.000 uid 1 > JoinChannel(token valid until T+60s)\n" + ThreeUsersJoined + """
            30.000 uid 1 onTokenPrivilegeWillExpire()
            60.000 uid 1 onConnectionStateChanged(CONNECTION_STATE_FAILED, CONNECTION_CHANGED_TOKEN_EXPIRED)
            60.000 uid 1 onRequestToken()
            70.000 uid 3 stream-removed(1)
            80.000 uid 2 onUserOffline(1, USER_OFFLINE_DROPPED)
            90.000 uid 1 > RenewToken(valid until T+1h)
            90.000 uid 1 onConnectionStateChanged(CONNECTION_STATE_CONNECTING, CONNECTION_CHANGED_RENEW_TOKEN)
            90.200 uid 1 onConnectionStateChanged(CONNECTION_STATE_CONNECTED, CONNECTION_CHANGED_JOIN_SUCCESS)
            90.200 uid 1 onJoinChannelSuccess()
            90.300 uid 2 onUserJoined(1)
            90.300 uid 3 stream-added(1)
            """);

    [Test]
    public void TokenExpires_OnIos_UsesTheAppleNames()
    {
        var run = Scenarios.Find("token-expires")!.Run(new ScenarioSettings(Local: Platform.Ios));

        Assert.That(Format(run).Split('\n').Where(line => line.Contains("token", StringComparison.OrdinalIgnoreCase)), Is.EqualTo(new[]
        {
            "0.000 uid 1 > JoinChannel(token valid until T+60s)",
            "30.000 uid 1 tokenPrivilegeWillExpire()",
            "60.000 uid 1 connectionChangedToState(AgoraConnectionStateFailed, AgoraConnectionChangedTokenExpired)",
            "60.000 uid 1 rtcEngineRequestToken()",
            "90.000 uid 1 > RenewToken(valid until T+1h)",
            "90.000 uid 1 connectionChangedToState(AgoraConnectionStateConnecting, AgoraConnectionChangedRenewToken)",
        }));
    }

    [Test]
    public void JoinNeverAccepted_LostAt10s_StillConnecting_AcceptedWhenTheNetworkIsBack()
        => AssertTimeline("join-never-accepted", """
            0.000 uid 2 > JoinChannel()
            0.000 uid 1 > DropNetwork()
            0.000 uid 1 > JoinChannel()
            0.000 uid 2 onConnectionStateChanged(CONNECTION_STATE_CONNECTING, CONNECTION_CHANGED_CONNECTING)
            0.000 uid 1 onConnectionStateChanged(CONNECTION_STATE_CONNECTING, CONNECTION_CHANGED_CONNECTING)
            0.200 uid 2 onConnectionStateChanged(CONNECTION_STATE_CONNECTED, CONNECTION_CHANGED_JOIN_SUCCESS)
            0.200 uid 2 onJoinChannelSuccess()
            10.000 uid 1 onConnectionLost()
            15.000 uid 1 > RestoreNetwork()
            15.200 uid 1 onConnectionStateChanged(CONNECTION_STATE_CONNECTED, CONNECTION_CHANGED_JOIN_SUCCESS)
            15.200 uid 1 onJoinChannelSuccess()
            15.300 uid 2 onUserJoined(1)
            15.300 uid 1 onUserJoined(2)
            """);

    [Test]
    public void Catalogue_HasEveryScenarioTheIssueAsksFor()
        => Assert.That(Scenarios.All.Select(s => s.Name), Is.EquivalentTo(new[]
        {
            "drop-rejoin-within-20s", "drop-rejoin-after-20s", "drop-until-failed", "ios-killed", "android-killed-restarted",
            "android-killed-never-back", "last-user-leaves", "legacy-drop", "token-expires", "join-never-accepted", "web-lines", "rtm-drop-within-30s", "rtm-drop-beyond-30s", "rtm-remote-login",
            "rtm2-drop-reconnect", "rtm2-long-drop", "rtm2-server-kick", "rtm2-token-expires",
        }));

    [Test]
    public void Readme_ListsEveryScenario()
        => GeneratedSection.AssertUpToDate(
            "README.md",
            "scenarios",
            "| scenario | what happens | source |\n| --- | --- | --- |\n" + string.Concat(Scenarios.All.Select(s => $"| `{s.Name}` | {s.Title} | {s.Source} |\n")));

    private static ScenarioRun AssertTimeline(string name, string expected)
    {
        var run = Scenarios.Find(name)!.Run(new ScenarioSettings());
        Assert.That(Format(run).Split('\n'), Is.EqualTo(expected.Replace("\r\n", "\n").Split('\n')));
        return run;
    }

    // The Web's linkState rows as "T user STATE OPERATION REASON[ resumed]"; other callbacks as they are; actions left out.
    private static List<string> Short(ScenarioRun run)
        => Format(run).Split('\n').Where(l => !l.Contains(" > ")).Select(l =>
        {
            var match = System.Text.RegularExpressions.Regex.Match(l, "^(\\S+ \\S+) linkState\\(currentState: \"(\\w+)\", previousState: \"\\w+\", serviceType: \"\\w+\", operation: \"(\\w+)\", reasonCode: \"(\\w+)\", isResumed: (\\w+)\\)$");
            return match.Success
                ? $"{match.Groups[1].Value} {match.Groups[2].Value} {match.Groups[3].Value} {match.Groups[4].Value}{(match.Groups[5].Value == "true" ? " resumed" : string.Empty)}"
                : l;
        }).ToList();

    private static string Format(ScenarioRun run)
        => string.Join("\n", run.Rows.Select(r => $"{r.At.TotalSeconds.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)} {r.User} {(r.IsAction ? "> " : string.Empty)}{r.Text}"));
}
