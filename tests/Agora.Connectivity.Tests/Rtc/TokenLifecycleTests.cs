using System.Globalization;
using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Reconnect;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Testing;
using Agora.Connectivity.Tests.Reconnect;
using Agora.Connectivity.Tests.TestSupport;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.Rtc;

/// <summary>
/// The token's lifecycle (docs/tokens.md): the warning 30 s before the expiry, the failure at the expiry, renewing,
/// and "lost" 10 s after a join that is not accepted. Each timeline walks fake time to the tick. The rules hold under
/// both generations (Current and Legacy): the token callbacks date from SDK 2.1, before the 2.3.2 change, and the
/// join's "lost" is about joining, which that change did not touch; only what each platform hears differs.
/// </summary>
public class TokenLifecycleTests
{
    private static readonly TimeSpan TokenLife = Min(2);

    private FakeTimeProvider _time = null!;

    [SetUp]
    public void SetUp() => _time = new FakeTimeProvider();

    [TestCase(RtcSdkBehavior.Current)]
    [TestCase(RtcSdkBehavior.Legacy)]
    public void Flow_TokenExpiresDuringACall_WarnedAt30sBefore_FailsAtExpiry(RtcSdkBehavior behavior)
    {
        using var machine = new RtcConnectionStateMachine(new RtcConnectionOptions { Behavior = behavior }, _time);
        var events = new EventRecorder(machine, _time);
        var expiresAt = _time.Start + TokenLife;

        machine.JoinChannel(expiresAt);
        _time.Advance(Ms(200));
        machine.ReportJoinSuccess();
        events.Take();

        // Data keeps flowing; nothing happens until 30 s before the expiry, not a tick earlier.
        AdvanceWithData(machine, TokenLife - Sec(30) - Ms(200) - Tick);
        Assert.That(events.Take(), Is.Empty);
        _time.Advance(Tick);
        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(TokenLife - Sec(30), new TokenPrivilegeWillExpire { TokenExpiresAt = expiresAt }),
        }));

        // At the expiry: FAILED / TOKEN_EXPIRED, then onRequestToken.
        AdvanceWithData(machine, Sec(30) - Tick);
        Assert.That(events.Take(), Is.Empty);
        _time.Advance(Tick);
        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(TokenLife, new ConnectionStateChanged(ConnectionState.Connected, ConnectionState.Failed, ConnectionChangedReason.TokenExpired)),
            events.At(TokenLife, new TokenPrivilegeExpired { TokenExpiresAt = expiresAt }),
        }));
        Assert.That(machine.State, Is.EqualTo(ConnectionState.Failed));

        // Failed has no deadline: nothing more, ever.
        _time.Advance(Min(30));
        Assert.That(events.Take(), Is.Empty);
    }

    // What each platform hears of the timeline above, in order, with its time.
    [TestCase(Platform.Android, RtcSdkBehavior.Current, new[]
    {
        "00:00.000 onConnectionStateChanged(CONNECTION_STATE_CONNECTING, CONNECTION_CHANGED_CONNECTING)",
        "00:00.200 onConnectionStateChanged(CONNECTION_STATE_CONNECTED, CONNECTION_CHANGED_JOIN_SUCCESS)",
        "00:00.200 onJoinChannelSuccess()",
        "01:30.000 onTokenPrivilegeWillExpire()",
        "02:00.000 onConnectionStateChanged(CONNECTION_STATE_FAILED, CONNECTION_CHANGED_TOKEN_EXPIRED)",
        "02:00.000 onRequestToken()",
        "02:05.000 onConnectionStateChanged(CONNECTION_STATE_CONNECTING, CONNECTION_CHANGED_RENEW_TOKEN)",
        "02:05.300 onConnectionStateChanged(CONNECTION_STATE_CONNECTED, CONNECTION_CHANGED_JOIN_SUCCESS)",
        "02:05.300 onJoinChannelSuccess()",
    })]
    [TestCase(Platform.Android, RtcSdkBehavior.Legacy, new[]
    {
        "00:00.200 onJoinChannelSuccess()",
        "01:30.000 onTokenPrivilegeWillExpire()",
        "02:00.000 onRequestToken()",
        "02:05.300 onJoinChannelSuccess()",
    })]
    [TestCase(Platform.Ios, RtcSdkBehavior.Current, new[]
    {
        "00:00.000 connectionChangedToState(AgoraConnectionStateConnecting, AgoraConnectionChangedConnecting)",
        "00:00.200 connectionChangedToState(AgoraConnectionStateConnected, AgoraConnectionChangedJoinSuccess)",
        "00:00.200 didJoinChannel()",
        "01:30.000 tokenPrivilegeWillExpire()",
        "02:00.000 connectionChangedToState(AgoraConnectionStateFailed, AgoraConnectionChangedTokenExpired)",
        "02:00.000 rtcEngineRequestToken()",
        "02:05.000 connectionChangedToState(AgoraConnectionStateConnecting, AgoraConnectionChangedRenewToken)",
        "02:05.300 connectionChangedToState(AgoraConnectionStateConnected, AgoraConnectionChangedJoinSuccess)",
        "02:05.300 didJoinChannel()",
    })]
    [TestCase(Platform.Ios, RtcSdkBehavior.Legacy, new[]
    {
        "00:00.200 didJoinChannel()",
        "01:30.000 tokenPrivilegeWillExpire()",
        "02:00.000 rtcEngineRequestToken()",
        "02:05.300 didJoinChannel()",
    })]
    [TestCase(Platform.Web, RtcSdkBehavior.Current, new[]
    {
        "01:30.000 onTokenPrivilegeWillExpire()",
        "02:00.000 onTokenPrivilegeDidExpire()",
    })]
    [TestCase(Platform.Web, RtcSdkBehavior.Legacy, new string[0])]
    public void Flow_TokenExpires_Renewed_Rejoined_AsEachPlatformHearsIt(Platform platform, RtcSdkBehavior behavior, string[] expected)
    {
        using var machine = new RtcConnectionStateMachine(new RtcConnectionOptions { Behavior = behavior }, _time);
        var heard = new List<string>();
        using var subscription = machine.Subscribe(CallbackStrategies.For(platform, behavior), c => heard.Add($"{Offset()} {c}"));

        machine.JoinChannel(_time.Start + TokenLife);
        _time.Advance(Ms(200));
        machine.ReportJoinSuccess();
        AdvanceWithData(machine, TokenLife - Ms(200) + Sec(5));

        // The app renews in Failed: CONNECTING / RENEW_TOKEN, and the join proceeds as usual.
        machine.RenewToken(_time.GetUtcNow() + Min(60));
        _time.Advance(Ms(300));
        machine.ReportJoinSuccess();

        Assert.That(heard, Is.EqualTo(expected));
        Assert.That(machine.State, Is.EqualTo(ConnectionState.Connected));
    }

    [Test]
    public void Renewed_BeforeExpiry_NoFailure_NewWarningForTheNewToken()
    {
        using var machine = ConnectedWithToken(out var events, TokenLife);
        AdvanceWithData(machine, TokenLife - Sec(10) - Ms(200));
        Assert.That(events.Take().Select(e => e.GetType()), Is.EqualTo(new[] { typeof(TokenPrivilegeWillExpire) }));

        var renewedUntil = _time.Start + Min(10);
        machine.RenewToken(renewedUntil);
        Assert.That(events.Take(), Is.Empty, "a renewal in the channel changes no state");

        AdvanceWithData(machine, Min(10) - Sec(30) - (TokenLife - Sec(10)) - Tick);
        Assert.That(events.Take(), Is.Empty, "no failure at the old expiry, and no warning yet for the new token");
        _time.Advance(Tick);
        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(Min(10) - Sec(30), new TokenPrivilegeWillExpire { TokenExpiresAt = renewedUntil }),
        }));
        Assert.That(machine.State, Is.EqualTo(ConnectionState.Connected));
    }

    [Test]
    public void TokenWithLessThanTheWarningLeft_WarnsAtOnce_AndOnlyOnce()
    {
        using var machine = new RtcConnectionStateMachine(_time);
        var events = new EventRecorder(machine, _time);

        machine.JoinChannel(_time.Start + Sec(10));
        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(Sec(0), new ConnectionStateChanged(ConnectionState.Disconnected, ConnectionState.Connecting, ConnectionChangedReason.Connecting)),
            events.At(Sec(0), new TokenPrivilegeWillExpire { TokenExpiresAt = _time.Start + Sec(10) }),
        }));

        machine.ReportJoinSuccess();
        AdvanceWithData(machine, Sec(10) - Tick);
        Assert.That(events.Take().OfType<TokenPrivilegeWillExpire>(), Is.Empty, "once per token");
        _time.Advance(Tick);
        Assert.That(events.Take().Select(e => e.GetType()), Is.EqualTo(new[] { typeof(ConnectionStateChanged), typeof(TokenPrivilegeExpired) }));
    }

    [Test]
    public void JoinWithAnExpiredToken_FailsRightAfterConnecting_WithoutAWarning()
    {
        using var machine = new RtcConnectionStateMachine(_time);
        var events = new EventRecorder(machine, _time);
        var expiredAt = _time.Start - Sec(1);

        machine.JoinChannel(expiredAt);

        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(Sec(0), new ConnectionStateChanged(ConnectionState.Disconnected, ConnectionState.Connecting, ConnectionChangedReason.Connecting)),
            events.At(Sec(0), new ConnectionStateChanged(ConnectionState.Connecting, ConnectionState.Failed, ConnectionChangedReason.TokenExpired)),
            events.At(Sec(0), new TokenPrivilegeExpired { TokenExpiresAt = expiredAt }),
        }));
        Assert.That(machine.State, Is.EqualTo(ConnectionState.Failed));
    }

    [TestCase(RtcSdkBehavior.Current)]
    [TestCase(RtcSdkBehavior.Legacy)]
    public void TokenExpiresWhileReconnecting_FailsWithTokenExpired(RtcSdkBehavior behavior)
    {
        using var machine = ConnectedWithToken(out var events, TokenLife, behavior);

        // Data stops at 0.2 s: interrupted at 4.2 s, lost at 10.2 s (Legacy) or 14.2 s (Current), then the token expires.
        _time.Advance(TokenLife - Ms(200) - Tick);
        var before = events.Take();
        Assert.That(before.OfType<ConnectionLost>().Count(), Is.EqualTo(1));
        Assert.That(machine.State, Is.EqualTo(ConnectionState.Reconnecting));
        _time.Advance(Tick);

        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(TokenLife, new ConnectionStateChanged(ConnectionState.Reconnecting, ConnectionState.Failed, ConnectionChangedReason.TokenExpired)),
            events.At(TokenLife, new TokenPrivilegeExpired { TokenExpiresAt = _time.Start + TokenLife }),
        }));
    }

    [TestCase(RtcSdkBehavior.Current)]
    [TestCase(RtcSdkBehavior.Legacy)]
    public void JoinNeverAccepted_LostAt10s_ThenTheTokenExpires(RtcSdkBehavior behavior)
    {
        using var machine = new RtcConnectionStateMachine(new RtcConnectionOptions { Behavior = behavior }, _time);
        var events = new EventRecorder(machine, _time);
        machine.JoinChannel(_time.Start + Sec(40));
        events.Take();

        _time.Advance(Sec(10));
        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(Sec(10), new ConnectionLost()),
            events.At(Sec(10), new TokenPrivilegeWillExpire { TokenExpiresAt = _time.Start + Sec(40) }),
        }));
        Assert.That(machine.State, Is.EqualTo(ConnectionState.Connecting));

        _time.Advance(Sec(30));
        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(Sec(40), new ConnectionStateChanged(ConnectionState.Connecting, ConnectionState.Failed, ConnectionChangedReason.TokenExpired)),
            events.At(Sec(40), new TokenPrivilegeExpired { TokenExpiresAt = _time.Start + Sec(40) }),
        }));
    }

    [Test]
    public void AtOneInstant_TheConnectionsDeadlineComesFirst_ThenTheWarning()
    {
        using var machine = new RtcConnectionStateMachine(_time);
        var events = new EventRecorder(machine, _time);
        machine.JoinChannel(_time.Start + Sec(40));
        events.Take();

        _time.Advance(Sec(10));

        Assert.That(events.Take().Select(e => e.GetType()), Is.EqualTo(new[] { typeof(ConnectionLost), typeof(TokenPrivilegeWillExpire) }));
    }

    [TestCase(RtcSdkBehavior.Current)]
    [TestCase(RtcSdkBehavior.Legacy)]
    public void JoinAccepted_JustBefore10s_NeverLost(RtcSdkBehavior behavior)
    {
        using var machine = new RtcConnectionStateMachine(new RtcConnectionOptions { Behavior = behavior }, _time);
        var events = new EventRecorder(machine, _time);
        machine.JoinChannel();

        _time.Advance(Sec(10) - Tick);
        machine.ReportJoinSuccess();
        AdvanceWithData(machine, Min(1));

        Assert.That(events.Events.OfType<ConnectionLost>(), Is.Empty);
    }

    [Test]
    public void RenewInFailed_RestartsTheJoin_LostAndFailureCountFromTheRenewal()
    {
        using var machine = new RtcConnectionStateMachine(_time);
        var events = new EventRecorder(machine, _time);
        machine.JoinChannel();
        machine.ReportJoinFailure(ConnectionChangedReason.InvalidToken);
        _time.Advance(Min(1));
        events.Take();

        machine.RenewToken(_time.GetUtcNow() + Min(60));
        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(Min(1), new ConnectionStateChanged(ConnectionState.Failed, ConnectionState.Connecting, ConnectionChangedReason.RenewToken)),
        }));

        _time.Advance(Sec(10) - Tick);
        Assert.That(events.Take(), Is.Empty);
        _time.Advance(Tick);
        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[] { events.At(Min(1) + Sec(10), new ConnectionLost()) }));

        _time.Advance(Min(20) - Sec(10));
        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(Min(21), new ConnectionStateChanged(ConnectionState.Connecting, ConnectionState.Failed, ConnectionChangedReason.JoinFailed)),
        }));
    }

    [Test]
    public void OneLongStep_EveryDeadlineAtItsOwnInstant()
    {
        using var machine = ConnectedWithToken(out var events, TokenLife);
        for (var i = 0; i < 3; i++)
        {
            _time.Advance(Sec(1));
            machine.ReportServerActivity();
        }

        _time.Advance(Min(5));

        Assert.That(events.Take().Select(e => (e.GetType().Name, e.Timestamp - _time.Start)), Is.EqualTo(new[]
        {
            (nameof(ConnectionStateChanged), Ms(7200)),
            (nameof(ConnectionInterrupted), Ms(7200)),
            (nameof(ConnectionLost), Ms(17_200)),
            (nameof(TokenPrivilegeWillExpire), TokenLife - Sec(30)),
            (nameof(ConnectionStateChanged), TokenLife),
            (nameof(TokenPrivilegeExpired), TokenLife),
        }));
    }

    [Test]
    public void TokenDeadlines_ShareTheMachinesOneTimer()
    {
        using var machine = ConnectedWithToken(out _, TokenLife);
        var most = _time.TimerCount;
        for (var i = 0; i < 200; i++)
        {
            _time.Advance(Sec(1));
            machine.ReportServerActivity();
            if (i % 50 == 0)
            {
                machine.RenewToken(_time.GetUtcNow() + Sec(45));
            }

            most = Math.Max(most, _time.TimerCount);
        }

        Assert.That(most, Is.EqualTo(1));
    }

    [Test]
    public void RenewFromTheWarningHandler_KeepsTheCallGoing()
    {
        using var machine = ConnectedWithToken(out var events, TokenLife);
        machine.EventRaised += (_, e) =>
        {
            if (e is TokenPrivilegeWillExpire)
            {
                machine.RenewToken(_time.GetUtcNow() + Min(60));
            }
        };

        AdvanceWithData(machine, Min(30));

        Assert.That(events.Events.OfType<TokenPrivilegeWillExpire>().Count(), Is.EqualTo(1));
        Assert.That(events.Events.OfType<TokenPrivilegeExpired>(), Is.Empty);
        Assert.That(machine.State, Is.EqualTo(ConnectionState.Connected));
    }

    [Test]
    public void RenewFromTheExpiredHandler_FailedThenConnecting_InThatOrder()
    {
        using var machine = ConnectedWithToken(out var events, TokenLife);
        machine.EventRaised += (_, e) =>
        {
            if (e is TokenPrivilegeExpired)
            {
                machine.RenewToken(_time.GetUtcNow() + Min(60));
            }
        };

        AdvanceWithData(machine, TokenLife);

        Assert.That(events.Take().Skip(1).Select(Describe), Is.EqualTo(new[]
        {
            "Connected->Failed TokenExpired",
            "TokenPrivilegeExpired",
            "Failed->Connecting RenewToken",
        }));
    }

    [Test]
    public void LeaveThenJoinWithoutAToken_TheOldTokenNoLongerCounts()
    {
        using var machine = ConnectedWithToken(out var events, TokenLife);
        machine.LeaveChannel();
        machine.JoinChannel();
        machine.ReportJoinSuccess();
        events.Take();

        AdvanceWithData(machine, Min(30));

        Assert.That(events.Take(), Is.Empty);
    }

    [Test]
    public void ServerReportsTheTokenExpired_SameAsTheDeadline()
    {
        using var machine = new RtcConnectionStateMachine(_time);
        var events = new EventRecorder(machine, _time);
        machine.JoinChannel();
        machine.ReportJoinSuccess();
        events.Take();

        machine.ReportJoinFailure(ConnectionChangedReason.TokenExpired);

        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(Sec(0), new ConnectionStateChanged(ConnectionState.Connected, ConnectionState.Failed, ConnectionChangedReason.TokenExpired)),
            events.At(Sec(0), new TokenPrivilegeExpired()),
        }));
    }

    [Test]
    public void Driver_TransportReportsAnExpiredToken_FinalNotRetried()
    {
        var transport = new FakeTransport(_time).Then(_ => Task.FromException(new ConnectionRejectedException(ConnectionChangedReason.TokenExpired)));
        using var machine = new RtcConnectionStateMachine(_time);
        using var driver = new RtcConnectionDriver(machine, transport, new FixedDelaysPolicy([Sec(1)], repeatLast: true));
        var events = new EventRecorder(machine, _time);

        machine.JoinChannel(_time.Start + Min(60));
        _time.Advance(Min(1));

        Assert.That(transport.AttemptTimes, Has.Count.EqualTo(1));
        Assert.That(machine.State, Is.EqualTo(ConnectionState.Failed));
        Assert.That(events.Events.Skip(1).Select(Describe), Is.EqualTo(new[] { "Connecting->Failed TokenExpired", "TokenPrivilegeExpired" }));
    }

    [Test]
    public void RenewToken_WhenDisconnected_ThrowsNamingTheState()
    {
        using var machine = new RtcConnectionStateMachine(_time);

        var thrown = Assert.Throws<InvalidOperationException>(() => machine.RenewToken(_time.GetUtcNow() + Min(1)));

        Assert.That(thrown!.Message, Does.Contain("Disconnected").And.Contain("JoinChannel(tokenExpiresAt)"));
    }

    [Test]
    public void RenewToken_WithAnExpiryInThePast_ThrowsAndChangesNothing()
    {
        using var machine = ConnectedWithToken(out var events, TokenLife);

        var thrown = Assert.Throws<ArgumentOutOfRangeException>(() => machine.RenewToken(_time.GetUtcNow() - Tick));

        Assert.That(thrown!.ParamName, Is.EqualTo("tokenExpiresAt"));
        Assert.That(thrown.Message, Does.Contain("earlier than now"));
        AdvanceWithData(machine, TokenLife);
        Assert.That(events.Events.OfType<TokenPrivilegeExpired>().Count(), Is.EqualTo(1), "the old token still expires");
    }

    [Test]
    public void RenewToken_ExpiringNow_IsAccepted_AndExpiresAtOnce()
    {
        using var machine = ConnectedWithToken(out var events, TokenLife);

        machine.RenewToken(_time.GetUtcNow());

        Assert.That(machine.State, Is.EqualTo(ConnectionState.Failed));
        Assert.That(events.Take().Select(Describe), Is.EqualTo(new[] { "Connected->Failed TokenExpired", "TokenPrivilegeExpired" }));
    }

    [Test]
    public void AnExpiryTheClockCannotCount_IsAnArgumentError()
    {
        var clock = new ScaledClock(_time, 1_000_000_000);
        using var machine = new RtcConnectionStateMachine(timeProvider: clock);

        var thrown = Assert.Throws<ArgumentOutOfRangeException>(() => machine.JoinChannel(DateTimeOffset.MaxValue));

        Assert.That(thrown!.ParamName, Is.EqualTo("tokenExpiresAt"));
        Assert.That(thrown.Message, Does.Contain("JoinChannel()"));
        Assert.That(machine.State, Is.EqualTo(ConnectionState.Disconnected));

        machine.JoinChannel(_time.GetUtcNow() + TimeSpan.FromDays(365 * 100));
        machine.ReportJoinSuccess();
        Assert.Throws<ArgumentOutOfRangeException>(() => machine.RenewToken(DateTimeOffset.MaxValue));
    }

    [Test]
    public void ATokenValidForYears_WaitsInTimerSizedSteps_AndStillExpiresOnTime()
    {
        // Legacy never gives up a join, so after "lost" at 10 s only the token's deadlines are left: 2 years away,
        // far beyond the longest delay a timer holds (about 49.7 days).
        using var machine = new RtcConnectionStateMachine(new RtcConnectionOptions { Behavior = RtcSdkBehavior.Legacy }, _time);
        var events = new EventRecorder(machine, _time);
        var years = TimeSpan.FromDays(365 * 2);
        machine.JoinChannel(_time.Start + years);

        _time.Advance(years - Tick);
        Assert.That(events.Events.OfType<TokenPrivilegeExpired>(), Is.Empty);
        _time.Advance(Tick);

        Assert.That(events.Events.OfType<TokenPrivilegeExpired>().Single().Timestamp, Is.EqualTo(_time.Start + years));
    }

    [Test]
    public void TokenExpiryWarning_IsAnOption()
    {
        using var machine = new RtcConnectionStateMachine(new RtcConnectionOptions { TokenExpiryWarning = Sec(60) }, _time);
        var events = new EventRecorder(machine, _time);

        machine.JoinChannel(_time.Start + Min(5));
        machine.ReportJoinSuccess();
        AdvanceWithData(machine, Min(4));

        Assert.That(events.Events.OfType<TokenPrivilegeWillExpire>().Single().Timestamp, Is.EqualTo(_time.Start + Min(4)));
    }

    [TestCase(0)]
    [TestCase(-1)]
    public void TokenExpiryWarning_NotPositive_IsRejected(int seconds)
    {
        var thrown = Assert.Throws<ArgumentException>(() => new RtcConnectionStateMachine(new RtcConnectionOptions { TokenExpiryWarning = Sec(seconds) }, _time));

        Assert.That(thrown!.Message, Does.Contain("TokenExpiryWarning must be greater than zero"));
    }

    [Test]
    public void JoinWithAToken_AfterDispose_ThrowsObjectDisposed_BeforeLookingAtTheArgument()
    {
        var machine = new RtcConnectionStateMachine(timeProvider: new ScaledClock(_time, 1_000_000_000));
        machine.Dispose();

        Assert.Throws<ObjectDisposedException>(() => machine.JoinChannel(DateTimeOffset.MaxValue));
        Assert.Throws<ObjectDisposedException>(() => machine.RenewToken(DateTimeOffset.MinValue));
    }

    private static string Describe(ConnectivityEvent e)
        => e is ConnectionStateChanged c ? $"{c.PreviousState}->{c.State} {c.Reason}" : e.GetType().Name;

    private RtcConnectionStateMachine ConnectedWithToken(out EventRecorder events, TimeSpan life, RtcSdkBehavior behavior = RtcSdkBehavior.Current)
    {
        var machine = new RtcConnectionStateMachine(new RtcConnectionOptions { Behavior = behavior }, _time);
        events = new EventRecorder(machine, _time);
        machine.JoinChannel(_time.Start + life);
        _time.Advance(Ms(200));
        machine.ReportJoinSuccess();
        events.Take();
        return machine;
    }

    // Server data every second (the last step shorter), so only the token's deadlines can fall due.
    private void AdvanceWithData(RtcConnectionStateMachine machine, TimeSpan duration) => _time.AdvanceWithData(duration, machine.ReportServerActivity);

    private string Offset()
    {
        var offset = _time.GetUtcNow() - _time.Start;
        return offset.ToString(@"mm\:ss\.fff", CultureInfo.InvariantCulture);
    }
}
