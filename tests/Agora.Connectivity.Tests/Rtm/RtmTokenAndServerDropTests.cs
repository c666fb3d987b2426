using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Testing;
using Agora.Connectivity.Tests.TestSupport;
using Microsoft.Extensions.Logging.Testing;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.Rtm;

/// <summary>
/// RTM 1.5's token warning and the server's drops, as the shipped <c>agora-rtm-sdk</c> 1.5.1 has them (<c>index.d.ts:699</c>
/// <c>TokenPrivilegeWillExpire</c>; <c>index.js</c> <c>userDropHandler</c>), walked on fake time.
/// </summary>
public class RtmTokenAndServerDropTests
{
    private static readonly TimeSpan TokenLife = Min(2);
    private FakeTimeProvider _time = null!;

    [SetUp]
    public void SetUp() => _time = new FakeTimeProvider();

    [Test]
    public void Flow_LoginWithAToken_Warned30sBeforeItExpires_TheExpiryItselfEndsNothing()
    {
        using var machine = new RtmConnectionStateMachine(timeProvider: _time);
        var events = new EventRecorder(machine, _time);
        var expiresAt = _time.Start + TokenLife;

        _ = machine.LoginAsync(expiresAt);
        _time.Advance(Ms(300));
        machine.ReportLoginSuccess();
        AdvanceWithData(machine, Sec(89.6));
        Assert.That(events.Take().Last(), Is.EqualTo(events.At(Ms(300), new RtmConnectionStateChanged(RtmConnectionState.Connecting, RtmConnectionState.Connected, RtmConnectionChangeReason.LoginSuccess))));

        AdvanceWithData(machine, Sec(0.1));
        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[] { events.At(Sec(90), new RtmTokenPrivilegeWillExpire { TokenExpiresAt = expiresAt }) }));

        AdvanceWithData(machine, Min(5));
        Assert.That(events.Take(), Is.Empty, "once per token; an RTM session outlives its token until the server drops it");
        Assert.That(machine.State, Is.EqualTo(RtmConnectionState.Connected));
    }

    [Test]
    public void Warning_WhileConnectingOrReconnecting_AtItsInstant()
    {
        using var machine = new RtmConnectionStateMachine(timeProvider: _time);
        var events = new EventRecorder(machine, _time);
        var expiresAt = _time.Start + Sec(34);
        _ = machine.LoginAsync(expiresAt);
        machine.ReportLoginSuccess();

        _time.Advance(Sec(10));

        Assert.That(events.Events.Skip(2), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(Sec(4), new RtmConnectionStateChanged(RtmConnectionState.Connected, RtmConnectionState.Reconnecting, RtmConnectionChangeReason.Interrupted)),
            events.At(Sec(4), new RtmTokenPrivilegeWillExpire { TokenExpiresAt = expiresAt }),
        }));
    }

    [Test]
    public void Warning_ATokenWithLessThan30sLeft_AtOnce_OneAlreadyExpired_Never()
    {
        using var machine = new RtmConnectionStateMachine(timeProvider: _time);
        var events = new EventRecorder(machine, _time);

        _ = machine.LoginAsync(_time.Start + Sec(10));
        Assert.That(events.Take().OfType<RtmTokenPrivilegeWillExpire>().Single(), Is.EqualTo(events.At(TimeSpan.Zero, new RtmTokenPrivilegeWillExpire { TokenExpiresAt = _time.Start + Sec(10) })));

        machine.LogoutAsync();
        _ = machine.LoginAsync(_time.Start - Sec(1));
        _time.Advance(Sec(5));
        Assert.That(events.Take().OfType<RtmTokenPrivilegeWillExpire>(), Is.Empty);
    }

    [Test]
    public void RenewToken_ReplacesTheWarning_InEveryLoggedInState()
    {
        using var machine = new RtmConnectionStateMachine(timeProvider: _time);
        var events = new EventRecorder(machine, _time);
        _ = machine.LoginAsync(_time.Start + Min(1));
        machine.ReportLoginSuccess();
        AdvanceWithData(machine, Sec(20));

        machine.RenewToken(_time.GetUtcNow() + Min(2));
        AdvanceWithData(machine, Sec(60));
        Assert.That(events.Take().OfType<RtmTokenPrivilegeWillExpire>(), Is.Empty, "the first token's warning (at 30 s) is gone");

        AdvanceWithData(machine, Sec(30));
        Assert.That(events.Take().OfType<RtmTokenPrivilegeWillExpire>().Single(), Is.EqualTo(events.At(Sec(110), new RtmTokenPrivilegeWillExpire { TokenExpiresAt = _time.Start + Sec(140) })));
    }

    [TestCase(RtmConnectionState.Disconnected)]
    [TestCase(RtmConnectionState.Aborted)]
    public void RenewToken_WithoutASession_ThrowsNamingTheState(RtmConnectionState state)
    {
        using var machine = new RtmConnectionStateMachine(timeProvider: _time);
        if (state == RtmConnectionState.Aborted)
        {
            _ = machine.LoginAsync();
            machine.ReportLoginSuccess();
            machine.ReportRemoteLogin();
        }

        var error = Assert.Throws<InvalidOperationException>(() => machine.RenewToken(_time.GetUtcNow() + Min(1)));

        Assert.That(error!.Message, Does.StartWith($"RenewToken is not allowed in state {state}; it is allowed only in states Connecting, Connected or Reconnecting."));
    }

    [Test]
    public void RenewToken_BadInput_AndAfterDispose()
    {
        var machine = new RtmConnectionStateMachine(timeProvider: _time);
        _ = machine.LoginAsync();
        Assert.Throws<ArgumentOutOfRangeException>(() => machine.RenewToken(_time.GetUtcNow() - Sec(1)), "an expired token is not a renewal");
        machine.Dispose();

        Assert.Throws<ObjectDisposedException>(() => machine.RenewToken(_time.GetUtcNow() + Min(1)));
        Assert.Throws<ObjectDisposedException>(() => machine.LoginAsync(_time.GetUtcNow() + Min(1)));
    }

    [Test]
    public void RenewToken_FromAHandler_IsQueued_AndJudgedWhenItRuns()
    {
        var logger = new FakeLogger<RtmConnectionStateMachine>();
        using var machine = new RtmConnectionStateMachine(timeProvider: _time, logger: logger);
        var events = new EventRecorder(machine, _time);
        machine.EventRaised += (_, e) =>
        {
            if (e is RtmTokenPrivilegeWillExpire)
            {
                machine.RenewToken(_time.GetUtcNow() + Min(10));
            }
        };

        _ = machine.LoginAsync(_time.Start + Sec(40));
        machine.ReportLoginSuccess();
        AdvanceWithData(machine, Min(10));

        Assert.That(events.Events.OfType<RtmTokenPrivilegeWillExpire>().Select(e => e.Timestamp - _time.Start).ToArray(), Is.EqualTo(new[] { Sec(10), Sec(580) }));
        Assert.That(logger.Entries.Where(e => e.EventName == "DeferredCallRejected"), Is.Empty);
    }

    [TestCase(RtmConnectionChangeReason.RemoteLogin)]
    [TestCase(RtmConnectionChangeReason.BannedByServer)]
    [TestCase(RtmConnectionChangeReason.Interrupted)]
    public void ReportAbortedByServer_FromConnected_AbortedWithTheReason(RtmConnectionChangeReason reason)
    {
        using var machine = new RtmConnectionStateMachine(timeProvider: _time);
        var events = new EventRecorder(machine, _time);
        _ = machine.LoginAsync();
        machine.ReportLoginSuccess();
        _time.Advance(Sec(1));
        events.Take();

        machine.ReportAbortedByServer(reason);

        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[] { events.At(Sec(1), new RtmConnectionStateChanged(RtmConnectionState.Connected, RtmConnectionState.Aborted, reason)) }));
        _time.Advance(Min(1));
        Assert.That(events.Take(), Is.Empty, "no timer runs in Aborted");
    }

    [Test]
    public void ReportAbortedByServer_TokenExpired_AbortedThenTokenExpired_InTheOrderTheSdkEmitsThem()
    {
        using var machine = new RtmConnectionStateMachine(timeProvider: _time);
        var events = new EventRecorder(machine, _time);
        var heard = new List<string>();
        using var web = machine.Subscribe(CallbackStrategies.For(Platform.Web), c => heard.Add(c.ToString()));
        _ = machine.LoginAsync(_time.Start + Min(1));
        machine.ReportLoginSuccess();
        AdvanceWithData(machine, Min(2));

        machine.ReportAbortedByServer(RtmConnectionChangeReason.TokenExpired);

        Assert.That(heard, Is.EqualTo(new[]
        {
            "ConnectionStateChanged(CONNECTING, LOGIN)",
            "ConnectionStateChanged(CONNECTED, LOGIN_SUCCESS)",
            "TokenPrivilegeWillExpire()",
            "ConnectionStateChanged(ABORTED, TOKEN_EXPIRED)",
            "TokenExpired()",
        }));
        Assert.That(events.Events.Last(), Is.EqualTo(events.At(Min(2), new TokenExpired())));
    }

    [Test]
    public async Task ReportAbortedByServer_WhileLoggingIn_TheLoginFaultsWithTheReason()
    {
        using var machine = new RtmConnectionStateMachine(timeProvider: _time);
        var login = machine.LoginAsync();

        machine.ReportAbortedByServer(RtmConnectionChangeReason.BannedByServer);

        var error = Assert.ThrowsAsync<RtmLoginException>(async () => await login);
        Assert.That(error!.Reason, Is.EqualTo(RtmConnectionChangeReason.BannedByServer));
        Assert.That(machine.State, Is.EqualTo(RtmConnectionState.Aborted));
        await machine.LogoutAsync();
        Assert.That(machine.State, Is.EqualTo(RtmConnectionState.Disconnected));
    }

    [TestCase(RtmConnectionState.Disconnected)]
    [TestCase(RtmConnectionState.Aborted)]
    public void ReportAbortedByServer_WithoutASession_IsIgnoredAndLogged(RtmConnectionState state)
    {
        var logger = new FakeLogger<RtmConnectionStateMachine>();
        using var machine = new RtmConnectionStateMachine(timeProvider: _time, logger: logger);
        if (state == RtmConnectionState.Aborted)
        {
            _ = machine.LoginAsync();
            machine.ReportBanned();
        }

        var events = new EventRecorder(machine, _time);
        machine.ReportAbortedByServer(RtmConnectionChangeReason.TokenExpired);

        Assert.That(events.Events, Is.Empty);
        Assert.That(machine.State, Is.EqualTo(state));
        Assert.That(logger.Entries.Last().Message, Does.StartWith($"RtmConnectionStateMachine: ReportAbortedByServer was reported in state {state}, which has no rule for it, and is ignored: ReportAbortedByServer is not allowed in state {state};"));
    }

    [TestCase(RtmConnectionChangeReason.Login)]
    [TestCase(RtmConnectionChangeReason.LoginSuccess)]
    [TestCase(RtmConnectionChangeReason.LoginFailure)]
    [TestCase(RtmConnectionChangeReason.LoginTimeout)]
    [TestCase(RtmConnectionChangeReason.Logout)]
    [TestCase((RtmConnectionChangeReason)42)]
    public void ReportAbortedByServer_AReasonTheServerNeverDropsFor_IsRefusedNamingTheFour(RtmConnectionChangeReason reason)
    {
        using var machine = new RtmConnectionStateMachine(timeProvider: _time);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => machine.ReportAbortedByServer(reason));

        Assert.That(error!.ParamName, Is.EqualTo("reason"));
        Assert.That(error.Message, Does.StartWith($"{reason} is not a reason the server drops a client for. Use one of: RemoteLogin, BannedByServer, TokenExpired, Interrupted"));
    }

    [Test]
    public void Options_TokenExpiryWarning_DefaultsTo30s_IsValidated_AndCopied()
    {
        Assert.That(new RtmConnectionOptions().TokenExpiryWarning, Is.EqualTo(Sec(30)));
        var error = Assert.Throws<ArgumentException>(() => new RtmConnectionStateMachine(new RtmConnectionOptions { TokenExpiryWarning = TimeSpan.Zero }, _time));
        Assert.That(error!.Message, Does.Contain("TokenExpiryWarning must be greater than zero; it was 00:00:00."));

        var options = new RtmConnectionOptions { TokenExpiryWarning = Sec(5) };
        using var machine = new RtmConnectionStateMachine(options, _time);
        options.TokenExpiryWarning = Sec(50);
        var events = new EventRecorder(machine, _time);
        _ = machine.LoginAsync(_time.Start + Sec(60));
        machine.ReportLoginSuccess();
        AdvanceWithData(machine, Sec(56));
        Assert.That(events.Events.OfType<RtmTokenPrivilegeWillExpire>().Single().Timestamp, Is.EqualTo(_time.Start + Sec(55)), "the machine keeps its own copy");
    }

    [Test]
    public void ShippedSdkPreset_LoginTimesOutAfter12s()
    {
        using var machine = new RtmConnectionStateMachine(RtmConnectionOptions.FromShippedSdk(), _time);
        var login = machine.LoginAsync();

        _time.Advance(Sec(12) - Tick);
        Assert.That(login.IsCompleted, Is.False);
        _time.Advance(Tick);
        Assert.That(login.IsFaulted, Is.True);
    }

    // Server data every second, so that only the token's deadlines fire.
    private void AdvanceWithData(RtmConnectionStateMachine machine, TimeSpan span) => _time.AdvanceWithData(span, machine.ReportServerActivity);
}
