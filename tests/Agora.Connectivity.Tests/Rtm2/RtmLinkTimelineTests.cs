using Agora.Connectivity.Rtm2;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.Rtm2;

/// <summary>
/// Every transition of the RTM 2.x link, walked on fake time and stamped to its instant, as <c>agora-rtm-sdk</c> 2.3.0 runs them
/// (<c>docs/rtm2.md</c> cites each rule): keep-alive 5 s + 4 s, attempts of 5 s, waits of 2, 4, 8, 16, 32, 32 and then 30 s,
/// SUSPENDED at the first timeout 115 s after the first, presence after 300 s.
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
            "9 Connected→Disconnected HeartbeatLost/KeepAliveTimeout",     // 5 s heartbeat + 4 s: no packet since 0
            "9 Disconnected→Connecting AutoReconnect/AutoReconnect",       // the first attempt at once
            "14 Connecting→Disconnected ServerTimeout/ReconnectTimeout",   // 5 s attempt; the suspension clock starts: 14 + 115 = 129
            "16 Disconnected→Connecting AutoReconnect/AutoReconnect",      // waits 2, 4, 8, 16, 32, 32 s
            "21 Connecting→Disconnected ServerTimeout/ReconnectTimeout",
            "25 Disconnected→Connecting AutoReconnect/AutoReconnect",
            "30 Connecting→Disconnected ServerTimeout/ReconnectTimeout",
            "38 Disconnected→Connecting AutoReconnect/AutoReconnect",
            "43 Connecting→Disconnected ServerTimeout/ReconnectTimeout",
            "59 Disconnected→Connecting AutoReconnect/AutoReconnect",
            "64 Connecting→Disconnected ServerTimeout/ReconnectTimeout",
            "96 Disconnected→Connecting AutoReconnect/AutoReconnect",
            "101 Connecting→Disconnected ServerTimeout/ReconnectTimeout",
            "133 Disconnected→Connecting AutoReconnect/AutoReconnect",
            "138 Connecting→Suspended AutoReconnect/ReconnectTimeout",     // the first timeout after 129 s
            "168 Suspended→Connecting AutoReconnect/AutoReconnect",        // then every 30 s
            "173 Connecting→Suspended AutoReconnect/ReconnectTimeout",
            "203 Suspended→Connecting AutoReconnect/AutoReconnect",
            "208 Connecting→Suspended AutoReconnect/ReconnectTimeout",
            "238 Suspended→Connecting AutoReconnect/AutoReconnect",
            "243 Connecting→Suspended AutoReconnect/ReconnectTimeout",
            "273 Suspended→Connecting AutoReconnect/AutoReconnect",
            "278 Connecting→Suspended AutoReconnect/ReconnectTimeout",
            "300 RtmLinkPresenceTimedOut",                                  // 300 s after the last packet
            "308 Suspended→Connecting AutoReconnect/AutoReconnect",
            "313 Connecting→Suspended AutoReconnect/ReconnectTimeout",
        }));

        link.RunTo(344);
        link.Machine.ReportLoginSuccess(); // the attempt that began at 343
        link.RunTo(1_000);
        Assert.That(link.Take(), Is.EqualTo(new[]
        {
            "343 Suspended→Connecting AutoReconnect/AutoReconnect",
            "344 Connecting→Connected AutoReconnect/ReconnectSuccess",      // not resumed: it was suspended
        }.Concat(KeepAliveLostAndRetriedFrom(344, 1_000))));
    }

    [Test]
    public void ShortOutage_ReconnectsBeforeSuspension_Resumed_AndTheNextLossStartsAfresh()
    {
        using var link = new LinkTimeline();
        _ = link.Connect();
        link.Take();
        link.RunTo(17);
        link.Machine.ReportLoginSuccess(); // the attempt that began at 16

        Assert.That(link.Take(), Is.EqualTo(new[]
        {
            "9 Connected→Disconnected HeartbeatLost/KeepAliveTimeout",
            "9 Disconnected→Connecting AutoReconnect/AutoReconnect",
            "14 Connecting→Disconnected ServerTimeout/ReconnectTimeout",
            "16 Disconnected→Connecting AutoReconnect/AutoReconnect",
            "17 Connecting→Connected AutoReconnect/ReconnectSuccess resumed",
        }));

        link.RunTo(40);
        Assert.That(link.Take(), Is.EqualTo(KeepAliveLostAndRetriedFrom(17, 40)), "the waits start again at 2 s");
    }

    [Test]
    public void ServerActivity_KeepsTheLinkUp_TheKeepAliveCountsFromTheLastPacket()
    {
        using var link = new LinkTimeline();
        _ = link.Connect();
        link.Take();
        for (var second = 1; second <= 20; second++)
        {
            link.RunTo(second);
            link.Machine.ReportServerActivity();
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
        link.RunTo(31);         // attempts at 9, 16, 25; waiting for 38 (8 s)
        link.Take();
        link.Machine.ReportNetworkChange(); // while waiting: the next attempt now
        link.RunTo(33);
        link.Machine.ReportNetworkChange(); // during that attempt: abandoned, 2 s
        link.RunTo(45);

        Assert.That(link.Take(), Is.EqualTo(new[]
        {
            "31 Disconnected→Connecting AutoReconnect/AutoReconnect",
            "33 Connecting→Disconnected NetworkChange/NetworkChange",
            "35 Disconnected→Connecting AutoReconnect/AutoReconnect",
            "40 Connecting→Disconnected ServerTimeout/ReconnectTimeout",
            "44 Disconnected→Connecting AutoReconnect/AutoReconnect",      // the reset list's second wait, 4 s
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
            "9 Disconnected→Connecting AutoReconnect/AutoReconnect",
            "14 Connecting→Disconnected ServerTimeout/ReconnectTimeout",
            "16 Disconnected→Connecting AutoReconnect/AutoReconnect",
            "21 Connecting→Disconnected ServerTimeout/ReconnectTimeout",
            "25 Disconnected→Connecting AutoReconnect/AutoReconnect",
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
    public void LoginFailure_IsFailedWithTheLoginsReason_OnAReconnectWithServerReject()
    {
        using var link = new LinkTimeline();
        var login = link.Machine.LoginAsync();
        link.Machine.ReportLoginFailure(RtmLinkStateChangeReason.InvalidToken);
        Assert.That(() => login, Throws.InstanceOf<RtmLinkLoginException>().With.Property(nameof(RtmLinkLoginException.Reason)).EqualTo(RtmLinkStateChangeReason.InvalidToken));

        _ = link.Machine.LoginAsync();
        link.Machine.ReportLoginSuccess();
        link.RunTo(10);                                       // lost at 9, attempting since 9
        link.Machine.ReportLoginFailure(RtmLinkStateChangeReason.TokenExpired);
        link.Machine.ReportLoginFailure(RtmLinkStateChangeReason.TokenExpired); // ignored in Failed

        Assert.That(link.Take(), Is.EqualTo(new[]
        {
            "0 Idle→Connecting Login/Login",
            "0 Connecting→Failed Login/InvalidToken",
            "0 Failed→Connecting Login/Relogin",
            "0 Connecting→Connected Login/LoginSuccess",
            "9 Connected→Disconnected HeartbeatLost/KeepAliveTimeout",
            "9 Disconnected→Connecting AutoReconnect/AutoReconnect",
            "10 Connecting→Failed ServerReject/TokenExpired",
        }));
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

    // After a connection at `from` with no packet since: lost 9 s later, the attempts at once, then after 2 and 4 s.
    private static IEnumerable<string> KeepAliveLostAndRetriedFrom(double from, double until)
    {
        var lines = new List<(double At, string Line)>
        {
            (from + 9, "Connected→Disconnected HeartbeatLost/KeepAliveTimeout"),
            (from + 9, "Disconnected→Connecting AutoReconnect/AutoReconnect"),
        };
        var at = from + 9;
        foreach (var wait in new[] { 2, 4, 8, 16, 32, 32, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30 })
        {
            at += 5;
            var suspended = at >= from + 14 + 115;
            lines.Add((at, suspended ? "Connecting→Suspended AutoReconnect/ReconnectTimeout" : "Connecting→Disconnected ServerTimeout/ReconnectTimeout"));
            at += wait;
            lines.Add((at, $"{(suspended ? "Suspended" : "Disconnected")}→Connecting AutoReconnect/AutoReconnect"));
        }

        lines.Add((from + 300, "RtmLinkPresenceTimedOut"));
        return lines.Where(l => l.At <= until).OrderBy(l => l.At).Select(l => $"{l.At} {l.Line}");
    }
}
