using Agora.Connectivity.Rtm2;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.Rtm2;

/// <summary>
/// Every transition of the RTM 2.x link, walked on fake time and stamped to its instant, as <c>agora-rtm-sdk</c> 2.3.0 runs them
/// (<c>docs/rtm2.md</c> cites each rule): a ping at the connection and 5 s after each answer, lost 5 s + 4 s after a ping with no
/// answer, the first attempt 3 s after the loss, attempts of 5 s, waits of 2, 4, 8, 16, 32, 32 and then 30 s, SUSPENDED at the first
/// timeout 115 s after the first, presence after 300 s.
/// </summary>
public class RtmLinkTimelineTests
{
    [Test]
    public async Task Login_ConnectsOnTheServersAnswer_AndTheTaskCompletes()
    {
        using var link = new LinkTimeline();
        var login = link.Machine.LoginAsync();
        link.RunTo(0.3);
        link.Machine.ReportLoginSuccess();

        await login;
        Assert.That(link.Take(), Is.EqualTo(new[]
        {
            "0 Idle→Connecting Login/Login",
            "0.3 Connecting→Connected Login/LoginSuccess",
        }));
        Assert.That(link.Machine.State, Is.EqualTo(RtmLinkState.Connected));
    }

    [Test]
    public void LongOutage_DisconnectedThenAttempts_SuspendedAfter115s_NeverFailed_ThenConnectedOnRecovery()
    {
        using var link = new LinkTimeline();
        _ = link.Connect();
        link.Take();

        link.RunTo(320);

        Assert.That(link.Take(), Is.EqualTo(new[]
        {
            "9 Connected→Disconnected HeartbeatLost/KeepAliveTimeout",     // 5 s heartbeat + 4 s after the ping at 0, never answered
            "12 Disconnected→Connecting AutoReconnect/AutoReconnect",      // the socket's 3 s (we(Ct), Ct=3e3)
            "17 Connecting→Disconnected ServerTimeout/ReconnectTimeout",   // 5 s attempt; the suspension clock starts: 17 + 115 = 132
            "19 Disconnected→Connecting AutoReconnect/AutoReconnect",      // waits 2, 4, 8, 16, 32, 32 s
            "24 Connecting→Disconnected ServerTimeout/ReconnectTimeout",
            "28 Disconnected→Connecting AutoReconnect/AutoReconnect",
            "33 Connecting→Disconnected ServerTimeout/ReconnectTimeout",
            "41 Disconnected→Connecting AutoReconnect/AutoReconnect",
            "46 Connecting→Disconnected ServerTimeout/ReconnectTimeout",
            "62 Disconnected→Connecting AutoReconnect/AutoReconnect",
            "67 Connecting→Disconnected ServerTimeout/ReconnectTimeout",
            "99 Disconnected→Connecting AutoReconnect/AutoReconnect",
            "104 Connecting→Disconnected ServerTimeout/ReconnectTimeout",
            "136 Disconnected→Connecting AutoReconnect/AutoReconnect",
            "141 Connecting→Suspended AutoReconnect/ReconnectTimeout",     // the first timeout after 132 s
            "171 Suspended→Connecting AutoReconnect/AutoReconnect",        // then every 30 s
            "176 Connecting→Suspended AutoReconnect/ReconnectTimeout",
            "206 Suspended→Connecting AutoReconnect/AutoReconnect",
            "211 Connecting→Suspended AutoReconnect/ReconnectTimeout",
            "241 Suspended→Connecting AutoReconnect/AutoReconnect",
            "246 Connecting→Suspended AutoReconnect/ReconnectTimeout",
            "276 Suspended→Connecting AutoReconnect/AutoReconnect",
            "281 Connecting→Suspended AutoReconnect/ReconnectTimeout",
            "300 RtmLinkPresenceTimedOut",                                  // 300 s after the last packet
            "311 Suspended→Connecting AutoReconnect/AutoReconnect",
            "316 Connecting→Suspended AutoReconnect/ReconnectTimeout",
        }));

        link.RunTo(347);
        link.Machine.ReportLoginSuccess(); // the attempt that began at 346
        link.RunTo(1_000);
        Assert.That(link.Take(), Is.EqualTo(new[]
        {
            "346 Suspended→Connecting AutoReconnect/AutoReconnect",
            "347 Connecting→Connected AutoReconnect/ReconnectSuccess",      // not resumed: it was suspended
        }.Concat(KeepAliveLostAndRetriedFrom(347, 1_000))));
    }

    [Test]
    public void ShortOutage_ReconnectsBeforeSuspension_Resumed_AndTheNextLossStartsAfresh()
    {
        using var link = new LinkTimeline();
        _ = link.Connect();
        link.Take();
        link.RunTo(20);
        link.Machine.ReportLoginSuccess(); // the attempt that began at 19

        Assert.That(link.Take(), Is.EqualTo(new[]
        {
            "9 Connected→Disconnected HeartbeatLost/KeepAliveTimeout",
            "12 Disconnected→Connecting AutoReconnect/AutoReconnect",
            "17 Connecting→Disconnected ServerTimeout/ReconnectTimeout",
            "19 Disconnected→Connecting AutoReconnect/AutoReconnect",
            "20 Connecting→Connected AutoReconnect/ReconnectSuccess resumed",
        }));

        link.RunTo(43);
        Assert.That(link.Take(), Is.EqualTo(KeepAliveLostAndRetriedFrom(20, 43)), "the waits start again at 2 s");
    }

    // agora-rtm.js: `startPingTimer(A,!0)` pings the new socket at once; the pong answering it (`gD(t)` on `Pong3` of its sequence)
    // calls `this.startPingTimer(A)`, the next ping `heartbeatInterval` later; a ping with no answer for
    // `heartbeatInterval+Vh("RTM_LINK_KEEP_ALIVE_TIMEOUT")-6e3` (9 s) loses the link.
    [Test]
    public void HeartbeatAnswers_KeepTheLinkUp_TheNextPingAHeartbeatAfterEachAnswer_LostAKeepAliveAfterOneUnanswered()
    {
        using var link = new LinkTimeline();
        _ = link.Connect();           // ping at 0
        link.Take();
        link.RunTo(0.5);
        link.Machine.ReportHeartbeatAnswer(); // answers it: the next ping at 5.5
        link.RunTo(6);
        link.Machine.ReportHeartbeatAnswer(); // answers the ping of 5.5: the next at 11, never answered

        link.RunTo(19.999);
        Assert.That(link.Take(), Is.Empty, "9 s after the last packet (15 s) the link is still up: the ping of 11 has until 20");
        link.RunTo(20);
        Assert.That(link.Take(), Is.EqualTo(new[] { "20 Connected→Disconnected HeartbeatLost/KeepAliveTimeout" }));
    }

    [Test]
    public void AnAnswerWithNoPingPending_IsOnlyAPacket_ItDoesNotMoveTheNextPing()
    {
        using var link = new LinkTimeline();
        _ = link.Connect();
        link.Take();
        link.RunTo(0.5);
        link.Machine.ReportHeartbeatAnswer(); // the ping of 0: the next at 5.5
        link.RunTo(3);
        link.Machine.ReportHeartbeatAnswer(); // no ping pending: a duplicate
        link.Machine.ReportHeartbeatAnswer();

        link.RunTo(14.499);
        Assert.That(link.Take(), Is.Empty);
        link.RunTo(14.5);
        Assert.That(link.Take(), Is.EqualTo(new[] { "14.5 Connected→Disconnected HeartbeatLost/KeepAliveTimeout" }), "5.5 + 9 s, not 3 + 5 + 9 s");
    }

    [Test]
    public void AnAnswer_IsAPacket_ThePresenceWindowCountsFromTheLastOne()
    {
        using var link = new LinkTimeline();
        _ = link.Connect();
        link.RunTo(6);
        link.Machine.ReportHeartbeatAnswer(); // the ping of 0 answered at 6: the next at 11, never answered
        link.RunTo(400);

        var lines = link.Take();
        Assert.That(lines, Does.Contain("20 Connected→Disconnected HeartbeatLost/KeepAliveTimeout"));
        Assert.That(lines, Does.Contain("306 RtmLinkPresenceTimedOut"), "300 s after the answer, the last packet");
    }

    [Test]
    public void ServerActivity_DoesNotKeepTheLinkUp_ByDefault_LostAKeepAliveAfterTheConnectionsUnansweredPing()
    {
        using var link = new LinkTimeline();
        _ = link.Connect();
        link.Take();
        for (var second = 1; second <= 8; second++)
        {
            link.RunTo(second);
            link.Machine.ReportServerActivity();
        }

        link.RunTo(8.999);
        Assert.That(link.Take(), Is.Empty);
        link.RunTo(9);
        Assert.That(link.Take(), Is.EqualTo(new[] { "9 Connected→Disconnected HeartbeatLost/KeepAliveTimeout" }));
    }

    [Test]
    public void KeepAliveAnyPacket_EveryPacketKeepsTheLinkUp_TheKeepAliveCountsFromTheLastPacket()
    {
        using var link = new LinkTimeline(new RtmLinkOptions { KeepAlive = RtmLinkKeepAlive.AnyPacket });
        _ = link.Connect();
        link.Take();
        for (var second = 1; second <= 20; second++)
        {
            link.RunTo(second);
            if (second % 2 == 0)
            {
                link.Machine.ReportServerActivity();
            }
            else
            {
                link.Machine.ReportHeartbeatAnswer();
            }
        }

        link.RunTo(28.999);
        Assert.That(link.Take(), Is.Empty);
        link.RunTo(29);
        Assert.That(link.Take().First(), Is.EqualTo("29 Connected→Disconnected HeartbeatLost/KeepAliveTimeout"));
    }

    [TestCase(30, 4, 34)]
    [TestCase(5, 0, 5)]
    [TestCase(1800, 60, 1860)]
    public void KeepAlive_IsTheHeartbeatIntervalAndItsMargin(int heartbeat, int margin, int lostAt)
    {
        using var link = new LinkTimeline(new RtmLinkOptions { HeartbeatInterval = Sec(heartbeat), KeepAliveMargin = Sec(margin) });
        _ = link.Connect();
        link.Take();
        link.Time.Advance(Sec(lostAt) - Ms(1));
        Assert.That(link.Machine.State, Is.EqualTo(RtmLinkState.Connected));
        link.Time.Advance(Ms(1));
        Assert.That(link.Take().First(), Is.EqualTo($"{lostAt} Connected→Disconnected HeartbeatLost/KeepAliveTimeout"));
    }

    [Test]
    public async Task FirstLogin_AttemptsTimeOutAsLoginTimeouts_AndRetry_UntilTheServerAnswers()
    {
        using var link = new LinkTimeline();
        var login = link.Machine.LoginAsync();
        link.RunTo(8);
        link.Machine.ReportLoginSuccess();

        await login;
        Assert.That(link.Take(), Is.EqualTo(new[]
        {
            "0 Idle→Connecting Login/Login",
            "5 Connecting→Disconnected ServerTimeout/LoginTimeout",
            "7 Disconnected→Connecting AutoReconnect/AutoReconnect",
            "8 Connecting→Connected Login/LoginSuccess",                  // the session's first connection is the login's
        }));
    }

    [Test]
    public void NetworkChange_DuringAnAttempt_AbandonsIt_AndRetriesAfter2s_WithTheWaitsReset()
    {
        using var link = new LinkTimeline();
        _ = link.Connect();
        link.RunTo(34);         // attempts at 12, 19, 28; waiting for 41 (8 s)
        link.Take();
        link.Machine.ReportNetworkChange(); // while waiting: the next attempt now
        link.RunTo(36);
        link.Machine.ReportNetworkChange(); // during that attempt: abandoned, 2 s
        link.RunTo(48);

        Assert.That(link.Take(), Is.EqualTo(new[]
        {
            "34 Disconnected→Connecting AutoReconnect/AutoReconnect",
            "36 Connecting→Disconnected NetworkChange/NetworkChange",
            "38 Disconnected→Connecting AutoReconnect/AutoReconnect",
            "43 Connecting→Disconnected ServerTimeout/ReconnectTimeout",
            "47 Disconnected→Connecting AutoReconnect/AutoReconnect",      // the reset list's second wait, 4 s
        }));
    }

    [Test]
    public void NetworkChange_IsIgnored_InIdleConnectedAndFailed()
    {
        using var link = new LinkTimeline();
        link.Machine.ReportNetworkChange();
        _ = link.Connect();
        link.Machine.ReportNetworkChange();
        link.Machine.ReportServerRejection(RtmLinkStateChangeReason.KickedOutByServer);
        link.Machine.ReportNetworkChange();

        Assert.That(link.Take(), Is.EqualTo(new[]
        {
            "0 Idle→Connecting Login/Login",
            "0 Connecting→Connected Login/LoginSuccess",
            "0 Connected→Failed ServerReject/KickedOutByServer",
        }));
    }

    [Test]
    public void ReconnectTimeout_WhenSet_GivesUpThatLongAfterTheLoss()
    {
        using var link = new LinkTimeline(new RtmLinkOptions { ReconnectTimeout = Sec(20) });
        _ = link.Connect();
        link.Take();
        link.RunTo(60);

        Assert.That(link.Take(), Is.EqualTo(new[]
        {
            "9 Connected→Disconnected HeartbeatLost/KeepAliveTimeout",
            "12 Disconnected→Connecting AutoReconnect/AutoReconnect",
            "17 Connecting→Disconnected ServerTimeout/ReconnectTimeout",
            "19 Disconnected→Connecting AutoReconnect/AutoReconnect",
            "24 Connecting→Disconnected ServerTimeout/ReconnectTimeout",
            "28 Disconnected→Connecting AutoReconnect/AutoReconnect",
            "29 Connecting→Failed AutoReconnect/ReconnectTimeout",         // 9 + 20 s (_handleReconnectTimeout)
        }));
    }

    [Test]
    public void ReconnectTimeout_WhenSet_FailsALoginThatNeverConnects()
    {
        using var link = new LinkTimeline(new RtmLinkOptions { ReconnectTimeout = Sec(15) });
        var login = link.Machine.LoginAsync();
        link.RunTo(30);

        Assert.That(link.Take(), Is.EqualTo(new[]
        {
            "0 Idle→Connecting Login/Login",
            "5 Connecting→Disconnected ServerTimeout/LoginTimeout",
            "7 Disconnected→Connecting AutoReconnect/AutoReconnect",
            "12 Connecting→Disconnected ServerTimeout/LoginTimeout",
            "15 Disconnected→Failed Login/LoginTimeout",
        }));
        Assert.That(() => login, Throws.InstanceOf<RtmLinkLoginException>().With.Property(nameof(RtmLinkLoginException.Reason)).EqualTo(RtmLinkStateChangeReason.LoginTimeout));
    }

    [Test]
    public void ServerRejection_IsFailed_FromEveryLoggedInState_AndALoginAfterItIsARelogin()
    {
        using var link = new LinkTimeline();
        _ = link.Connect();
        link.Machine.ReportServerRejection(RtmLinkStateChangeReason.SameUidLogin);
        var again = link.Machine.LoginAsync();
        link.RunTo(10);   // timed out at 5, waiting
        link.Machine.ReportServerRejection(RtmLinkStateChangeReason.LoginTooFrequent);

        Assert.That(link.Take(), Is.EqualTo(new[]
        {
            "0 Idle→Connecting Login/Login",
            "0 Connecting→Connected Login/LoginSuccess",
            "0 Connected→Failed ServerReject/SameUidLogin",
            "0 Failed→Connecting Login/Relogin",
            "5 Connecting→Disconnected ServerTimeout/LoginTimeout",
            "7 Disconnected→Connecting AutoReconnect/AutoReconnect",
            "10 Connecting→Failed ServerReject/LoginTooFrequent",
        }));
        Assert.That(() => again, Throws.InstanceOf<RtmLinkLoginException>().With.Property(nameof(RtmLinkLoginException.Reason)).EqualTo(RtmLinkStateChangeReason.LoginTooFrequent));
    }

    [Test]
    public void LoginFailure_BeforeTheFirstConnection_IsFailedWithTheLoginsReason()
    {
        using var link = new LinkTimeline();
        var login = link.Machine.LoginAsync();
        link.Machine.ReportLoginFailure(RtmLinkStateChangeReason.InvalidToken);

        Assert.That(() => login, Throws.InstanceOf<RtmLinkLoginException>().With.Property(nameof(RtmLinkLoginException.Reason)).EqualTo(RtmLinkStateChangeReason.InvalidToken));
        Assert.That(link.Take(), Is.EqualTo(new[] { "0 Idle→Connecting Login/Login", "0 Connecting→Failed Login/InvalidToken" }));
    }

    // A refused reconnect: `this.handleFailed("user resp error",g)` → `_userDropHandler`, which knows kTimestampExpired (TOKEN_EXPIRED)
    // and kJoinTooFrequently (LOGIN_TOO_FREQUENT) among the login's refusals and reports any other as
    // "User kicked off for unknown code: " with UNKNOWN.
    [TestCase(RtmLinkStateChangeReason.TokenExpired, RtmLinkStateChangeReason.TokenExpired)]
    [TestCase(RtmLinkStateChangeReason.LoginTooFrequent, RtmLinkStateChangeReason.LoginTooFrequent)]
    [TestCase(RtmLinkStateChangeReason.InvalidToken, RtmLinkStateChangeReason.Unknown)]
    [TestCase(RtmLinkStateChangeReason.LoginRejected, RtmLinkStateChangeReason.Unknown)]
    [TestCase(RtmLinkStateChangeReason.LoginNotAuthorized, RtmLinkStateChangeReason.Unknown)]
    [TestCase(RtmLinkStateChangeReason.InconsistentAppId, RtmLinkStateChangeReason.Unknown)]
    public void LoginFailure_OnAReconnect_IsAServerReject_WithItsDropCode_OrUnknown(RtmLinkStateChangeReason refused, RtmLinkStateChangeReason reported)
    {
        using var link = new LinkTimeline();
        _ = link.Connect();
        link.RunTo(13);                                       // lost at 9, attempting since 12
        link.Machine.ReportLoginFailure(refused);
        link.Machine.ReportLoginFailure(refused);             // ignored in Failed

        Assert.That(link.Take(), Is.EqualTo(new[]
        {
            "0 Idle→Connecting Login/Login",
            "0 Connecting→Connected Login/LoginSuccess",
            "9 Connected→Disconnected HeartbeatLost/KeepAliveTimeout",
            "12 Disconnected→Connecting AutoReconnect/AutoReconnect",
            $"13 Connecting→Failed ServerReject/{reported}",
        }));
    }

    // agora-rtm.js, login(): `["SUSPENDED","DISCONNECTED"].includes(this._linkState)&&(this.log("custom reLogin, need retry right now"),
    // this._updateLinkState("CONNECTING","LOGIN",[],"RELOGIN",D.RELOGIN)`; the "userJoined" listener of the loss then reports
    // `A?"LOGIN":"AUTO_RECONNECT"`, `A?"RELOGIN":"RECONNECT_SUCCESS"`, `!this._suspended`.
    [Test]
    public async Task Login_WhileDisconnectedAfterALoss_IsARelogin_AtOnce_ConnectedAsRelogin_Resumed()
    {
        using var link = new LinkTimeline();
        _ = link.Connect();
        link.RunTo(10);                                       // lost at 9, the socket's retry due at 12
        var relogin = link.Machine.LoginAsync(link.Time.Start + Sec(600));
        link.RunTo(10.5);
        link.Machine.ReportLoginSuccess();

        await relogin;
        Assert.That(link.Take(), Is.EqualTo(new[]
        {
            "0 Idle→Connecting Login/Login",
            "0 Connecting→Connected Login/LoginSuccess",
            "9 Connected→Disconnected HeartbeatLost/KeepAliveTimeout",
            "10 Disconnected→Connecting Login/Relogin",
            "10.5 Connecting→Connected Login/Relogin resumed",
        }));

        link.RunTo(600);
        Assert.That(link.Take().Last(), Is.EqualTo("600 Suspended→Failed ServerReject/TokenExpired"), "the relogin's token, lost again at 19.5 and suspended since");
    }

    [Test]
    public void Login_WhileSuspended_IsARelogin_ConnectedNotResumed_AndARefusedRelogin_IsAServerReject()
    {
        using var link = new LinkTimeline();
        _ = link.Connect();
        link.RunTo(150);                                      // suspended at 141, the next attempt at 171
        link.Take();
        var relogin = link.Machine.LoginAsync();
        link.RunTo(154);
        link.Machine.ReportLoginSuccess();
        var again = link.Machine.LoginAsync();                // while Connected: done at once, no event

        Assert.That(link.Take(), Is.EqualTo(new[]
        {
            "150 Suspended→Connecting Login/Relogin",
            "154 Connecting→Connected Login/Relogin",
        }));
        Assert.That(relogin.IsCompletedSuccessfully && again.IsCompletedSuccessfully, Is.True);

        link.RunTo(165);                                      // lost at 163, the socket's retry due at 166
        var refused = link.Machine.LoginAsync();
        link.Machine.ReportLoginFailure(RtmLinkStateChangeReason.InvalidToken);

        Assert.That(link.Take(), Is.EqualTo(new[]
        {
            "163 Connected→Disconnected HeartbeatLost/KeepAliveTimeout",
            "165 Disconnected→Connecting Login/Relogin",
            "165 Connecting→Failed ServerReject/Unknown",
        }));
        Assert.That(() => refused, Throws.InstanceOf<RtmLinkLoginException>().With.Property(nameof(RtmLinkLoginException.Reason)).EqualTo(RtmLinkStateChangeReason.Unknown));
    }

    [Test]
    public void Login_WhileALoginIsInProgress_IsRefused_NamingWhy()
    {
        using var link = new LinkTimeline();
        _ = link.Machine.LoginAsync();
        Assert.That(() => link.Machine.LoginAsync(), Throws.InvalidOperationException.With.Message.Contains("A login is in progress"));
        link.RunTo(6);                                        // timed out at 5: Disconnected, before the first connection
        Assert.That(link.Machine.State, Is.EqualTo(RtmLinkState.Disconnected));
        Assert.That(() => link.Machine.LoginAsync(), Throws.InvalidOperationException.With.Message.Contains("retried on their own"));
    }

    [Test]
    public async Task Login_AfterARelogin_ThatHasNotConnectedYet_IsRefused_AndTheReloginsTaskEndsWithTheConnection()
    {
        using var link = new LinkTimeline();
        _ = link.Connect();
        link.RunTo(10);                                       // lost at 9
        var relogin = link.Machine.LoginAsync();              // 10: Connecting / Login / Relogin
        link.RunTo(16);                                       // timed out at 15: Disconnected, the relogin still pending

        Assert.That(link.Machine.State, Is.EqualTo(RtmLinkState.Disconnected));
        Assert.That(() => link.Machine.LoginAsync(), Throws.InvalidOperationException.With.Message.Contains("A login is in progress"));
        link.RunTo(17);                                       // the next attempt, 2 s after the timeout
        link.Machine.ReportLoginSuccess();
        await relogin.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.That(link.Take().Last(), Is.EqualTo("17 Connecting→Connected Login/Relogin resumed"));
    }

    [Test]
    public async Task Login_WhileConnected_CompletesAtOnce_WithNoEvent_AndKeepsTheLinksToken()
    {
        using var link = new LinkTimeline(new RtmLinkOptions { KeepAlive = RtmLinkKeepAlive.AnyPacket, HeartbeatInterval = Sec(1800) });
        _ = link.Connect(link.Time.Start + Sec(60));
        link.Take();

        await link.Machine.LoginAsync(link.Time.Start + Sec(600));
        link.RunTo(61);
        Assert.That(link.Take(), Is.EqualTo(new[] { "60 Connected→Failed ServerReject/TokenExpired" }), "the SDK returns before it takes the token");
    }

    [Test]
    public void TokenExpiry_WhileLoggedIn_IsAServerRejection_AtItsInstant_AndARenewalMovesIt()
    {
        using var link = new LinkTimeline(new RtmLinkOptions { HeartbeatInterval = Sec(1800) });
        _ = link.Connect(link.Time.Start + Sec(60));
        link.RunTo(50);
        link.Machine.RenewToken(link.Time.Start + Sec(120));
        link.RunTo(119);
        link.Machine.ReportServerActivity();
        link.RunTo(130);

        Assert.That(link.Take(), Is.EqualTo(new[]
        {
            "0 Idle→Connecting Login/Login",
            "0 Connecting→Connected Login/LoginSuccess",
            "120 Connected→Failed ServerReject/TokenExpired",
        }));
    }

    [Test]
    public void TokenExpiry_BeforeTheFirstConnection_FailsTheLogin()
    {
        using var link = new LinkTimeline();
        var login = link.Machine.LoginAsync(link.Time.Start + Sec(6));
        link.RunTo(10);

        Assert.That(link.Take(), Is.EqualTo(new[]
        {
            "0 Idle→Connecting Login/Login",
            "5 Connecting→Disconnected ServerTimeout/LoginTimeout",
            "6 Disconnected→Failed Login/TokenExpired",
        }));
        Assert.That(() => login, Throws.InstanceOf<RtmLinkLoginException>().With.Property(nameof(RtmLinkLoginException.Reason)).EqualTo(RtmLinkStateChangeReason.TokenExpired));
    }

    [Test]
    public void Logout_FromEveryState_IsIdle_APendingLoginFaults_AndNothingFollows()
    {
        using var link = new LinkTimeline();
        var login = link.Machine.LoginAsync();
        link.RunTo(6);
        link.Machine.Logout();
        link.Machine.Logout();
        link.RunTo(400);

        Assert.That(link.Take(), Is.EqualTo(new[]
        {
            "0 Idle→Connecting Login/Login",
            "5 Connecting→Disconnected ServerTimeout/LoginTimeout",
            "6 Disconnected→Idle Logout/Logout",
        }));
        Assert.That(() => login, Throws.InstanceOf<RtmLinkLoginException>().With.Property(nameof(RtmLinkLoginException.Reason)).EqualTo(RtmLinkStateChangeReason.Logout));
    }

    // After a connection at `from` with no answer since: lost 9 s later, the first attempt 3 s after that, then after 2 and 4 s.
    private static IEnumerable<string> KeepAliveLostAndRetriedFrom(double from, double until)
    {
        var lines = new List<(double At, string Line)>
        {
            (from + 9, "Connected→Disconnected HeartbeatLost/KeepAliveTimeout"),
            (from + 12, "Disconnected→Connecting AutoReconnect/AutoReconnect"),
        };
        var at = from + 12;
        foreach (var wait in new[] { 2, 4, 8, 16, 32, 32, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30 })
        {
            at += 5;
            var suspended = at >= from + 17 + 115;
            lines.Add((at, suspended ? "Connecting→Suspended AutoReconnect/ReconnectTimeout" : "Connecting→Disconnected ServerTimeout/ReconnectTimeout"));
            at += wait;
            lines.Add((at, $"{(suspended ? "Suspended" : "Disconnected")}→Connecting AutoReconnect/AutoReconnect"));
        }

        lines.Add((from + 300, "RtmLinkPresenceTimedOut"));
        return lines.Where(l => l.At <= until).OrderBy(l => l.At).Select(l => $"{l.At} {l.Line}");
    }
}
