using Agora.Connectivity.Rtm;
using Agora.Connectivity.Testing;
using Agora.Connectivity.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.Rtm;

public class RtmConnectionStateMachineTests
{
    private FakeTimeProvider _time = null!;

    [SetUp]
    public void SetUp() => _time = new FakeTimeProvider();

    [Test]
    public async Task Flow_LoginSuccess_TaskCompletes()
    {
        using var machine = new RtmConnectionStateMachine(timeProvider: _time);
        var events = new EventRecorder(machine, _time);

        var login = machine.LoginAsync();
        _time.Advance(Ms(300));
        Assert.That(login.IsCompleted, Is.False);
        machine.ReportLoginSuccess();

        await login.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(TimeSpan.Zero, new RtmConnectionStateChanged(RtmConnectionState.Disconnected, RtmConnectionState.Connecting, RtmConnectionChangeReason.Login)),
            events.At(Ms(300), new RtmConnectionStateChanged(RtmConnectionState.Connecting, RtmConnectionState.Connected, RtmConnectionChangeReason.LoginSuccess)),
        }));
    }

    [Test]
    public void Flow_LoginFailure_DisconnectedAndTaskFaultsWithTheReason()
    {
        using var machine = new RtmConnectionStateMachine(timeProvider: _time);
        var events = new EventRecorder(machine, _time);
        var login = machine.LoginAsync();
        _time.Advance(Sec(1));

        machine.ReportLoginFailure();

        var error = Assert.ThrowsAsync<RtmLoginException>(() => login);
        Assert.That(error!.Reason, Is.EqualTo(RtmConnectionChangeReason.LoginFailure));
        Assert.That(events.Take().Last(), Is.EqualTo(events.At(Sec(1), new RtmConnectionStateChanged(RtmConnectionState.Connecting, RtmConnectionState.Disconnected, RtmConnectionChangeReason.LoginFailure))));
    }

    [Test]
    public void Flow_LoginTimeout_AtExactly6s()
    {
        using var machine = new RtmConnectionStateMachine(timeProvider: _time);
        var events = new EventRecorder(machine, _time);
        var login = machine.LoginAsync();
        events.Take();

        _time.Advance(Ms(5999));
        Assert.That(events.Take(), Is.Empty);
        Assert.That(login.IsCompleted, Is.False);
        _time.Advance(Ms(1));

        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(Sec(6), new RtmConnectionStateChanged(RtmConnectionState.Connecting, RtmConnectionState.Disconnected, RtmConnectionChangeReason.LoginTimeout)),
        }));
        var error = Assert.ThrowsAsync<RtmLoginException>(() => login);
        Assert.That(error!.Reason, Is.EqualTo(RtmConnectionChangeReason.LoginTimeout));
        Assert.That(error.Message, Is.EqualTo("The login did not complete within the login timeout (LoginTimeout); the state went back to Disconnected."));
    }

    [Test]
    public void Flow_Interrupted_At4sOfSilence()
    {
        using var machine = ConnectedMachine(out var events);

        _time.Advance(Sec(4) - Tick);
        Assert.That(events.Take(), Is.Empty);
        _time.Advance(Tick);

        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(Sec(4), new RtmConnectionStateChanged(RtmConnectionState.Connected, RtmConnectionState.Reconnecting, RtmConnectionChangeReason.Interrupted)),
        }));
    }

    [Test]
    public void Flow_ReconnectWithin30s_NoPresenceExpired()
    {
        using var machine = ConnectedMachine(out var events);

        _time.Advance(Sec(29));
        machine.ReportLoginSuccess();
        _time.Advance(Min(5));
        events.Take();
        machine.ReportTokenExpired();

        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(Sec(29) + Min(5), new TokenExpired()),
        }));
        Assert.That(machine.State, Is.EqualTo(RtmConnectionState.Reconnecting));
    }

    [Test]
    public void Flow_ReconnectAfter30s_PresenceExpiredAt30s_ThenConnected_NeverGivesUp()
    {
        using var machine = ConnectedMachine(out var events);

        _time.Advance(Sec(30) - Tick);
        Assert.That(events.Take(), Has.Count.EqualTo(1));
        _time.Advance(Tick);
        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[] { events.At(Sec(30), new PresenceExpired()) }));

        _time.Advance(TimeSpan.FromHours(3));
        Assert.That(events.Take(), Is.Empty);
        Assert.That(machine.State, Is.EqualTo(RtmConnectionState.Reconnecting));

        machine.ReportLoginSuccess();
        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(Sec(30) + TimeSpan.FromHours(3), new RtmConnectionStateChanged(RtmConnectionState.Reconnecting, RtmConnectionState.Connected, RtmConnectionChangeReason.LoginSuccess)),
        }));
    }

    [Test]
    public void Flow_TokenExpiredWhileReconnecting_NoStateChange()
    {
        using var machine = ConnectedMachine(out var events);
        _time.Advance(Sec(10));
        events.Take();

        machine.ReportTokenExpired();

        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[] { events.At(Sec(10), new TokenExpired()) }));
        Assert.That(machine.State, Is.EqualTo(RtmConnectionState.Reconnecting));
    }

    [Test]
    public void TokenExpired_OnlyWhileReconnecting_OtherwiseIgnoredAndLoggedAtDebug()
    {
        var logger = new FakeLogger<RtmConnectionStateMachine>();
        using var machine = new RtmConnectionStateMachine(timeProvider: _time, logger: logger);
        var events = new EventRecorder(machine, _time);
        var login = machine.LoginAsync();
        machine.ReportTokenExpired(); // Connecting
        machine.ReportLoginSuccess();
        machine.ReportTokenExpired(); // Connected
        Assert.That(login.IsCompletedSuccessfully, Is.True);

        _time.Advance(Sec(4)); // Reconnecting
        machine.ReportTokenExpired();

        Assert.That(events.Events.OfType<TokenExpired>().Select(e => e.Timestamp), Is.EqualTo(new[] { _time.Start + Sec(4) }));
        Assert.That(
            logger.Entries.Where(e => e.EventName == "ReportIgnored").Select(e => (e.Level, e.Message)),
            Is.EqualTo(new[]
            {
                (LogLevel.Debug, "RtmConnectionStateMachine: ignored ReportTokenExpired, which state Connecting does not act on."),
                (LogLevel.Debug, "RtmConnectionStateMachine: ignored ReportTokenExpired, which state Connected does not act on."),
            }));
    }

    [Test]
    public async Task Flow_RemoteLogin_Aborted_Logout_LoginAgain()
    {
        using var machine = ConnectedMachine(out var events);
        _time.Advance(Sec(1));

        machine.ReportRemoteLogin();
        var refused = Assert.Throws<InvalidOperationException>(() => machine.LoginAsync());
        await machine.LogoutAsync();
        var login = machine.LoginAsync();
        machine.ReportLoginSuccess();
        await login.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(refused!.Message, Is.EqualTo("LoginAsync is not allowed in state Aborted; it is allowed only in state Disconnected. Call LogoutAsync first, then LoginAsync."));
        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(Sec(1), new RtmConnectionStateChanged(RtmConnectionState.Connected, RtmConnectionState.Aborted, RtmConnectionChangeReason.RemoteLogin)),
            events.At(Sec(1), new RtmConnectionStateChanged(RtmConnectionState.Aborted, RtmConnectionState.Disconnected, RtmConnectionChangeReason.Logout)),
            events.At(Sec(1), new RtmConnectionStateChanged(RtmConnectionState.Disconnected, RtmConnectionState.Connecting, RtmConnectionChangeReason.Login)),
            events.At(Sec(1), new RtmConnectionStateChanged(RtmConnectionState.Connecting, RtmConnectionState.Connected, RtmConnectionChangeReason.LoginSuccess)),
        }));
    }

    [Test]
    public void Flow_Banned_Aborted()
    {
        using var machine = ConnectedMachine(out var events);

        machine.ReportBanned();
        _time.Advance(Min(5));

        Assert.That(events.Take(), Is.EqualTo(new ConnectivityEvent[]
        {
            events.At(TimeSpan.Zero, new RtmConnectionStateChanged(RtmConnectionState.Connected, RtmConnectionState.Aborted, RtmConnectionChangeReason.BannedByServer)),
        }));
    }

    [TestCase(RtmConnectionState.Connecting)]
    [TestCase(RtmConnectionState.Connected)]
    [TestCase(RtmConnectionState.Reconnecting)]
    public void LoginAsync_WhenLoggedIn_ThrowsSayingSo(RtmConnectionState state)
    {
        using var machine = new RtmConnectionStateMachine(timeProvider: _time);
        _ = machine.LoginAsync();
        if (state != RtmConnectionState.Connecting)
        {
            machine.ReportLoginSuccess();
        }

        if (state == RtmConnectionState.Reconnecting)
        {
            _time.Advance(Sec(4));
        }

        var error = Assert.Throws<InvalidOperationException>(() => machine.LoginAsync());

        Assert.That(error!.Message, Is.EqualTo(
            $"LoginAsync is not allowed in state {state}; it is allowed only in state Disconnected. Call LogoutAsync first, then LoginAsync."));
    }

    [Test]
    public void LogoutAsync_QueuedFromAHandler_ThenDisposed_FaultsInsteadOfHangingForever()
    {
        var time = new FakeTimeProvider();
        var machine = new RtmConnectionStateMachine(timeProvider: time);
        Task? logout = null;
        machine.EventRaised += (_, e) =>
        {
            if (e is RtmConnectionStateChanged { State: RtmConnectionState.Connected } && logout is null)
            {
                logout = machine.LogoutAsync();
                machine.Dispose();
            }
        };
        _ = machine.LoginAsync();

        machine.ReportLoginSuccess();

        Assert.That(logout, Is.Not.Null);
        var ended = Assert.Throws<AggregateException>(() => logout!.Wait(TimeSpan.FromSeconds(5)));
        Assert.That(ended!.InnerException, Is.InstanceOf<ObjectDisposedException>());
    }

    [Test]
    public void LogoutAsync_WhileConnecting_PendingLoginFailsWithLogout()
    {
        using var machine = new RtmConnectionStateMachine(timeProvider: _time);
        var login = machine.LoginAsync();

        var logout = machine.LogoutAsync();

        Assert.That(logout.IsCompletedSuccessfully, Is.True);
        var error = Assert.ThrowsAsync<RtmLoginException>(() => login);
        Assert.That(error!.Reason, Is.EqualTo(RtmConnectionChangeReason.Logout));
        Assert.That(machine.State, Is.EqualTo(RtmConnectionState.Disconnected));
    }

    [Test]
    public void LogoutAsync_WhenDisconnected_DoesNothing()
    {
        using var machine = new RtmConnectionStateMachine(timeProvider: _time);
        var events = new EventRecorder(machine, _time);

        Assert.That(machine.LogoutAsync().IsCompletedSuccessfully, Is.True);
        Assert.That(events.Take(), Is.Empty);
    }

    [Test]
    public void LoginAsync_Cancelled_LogsOutAndCancelsTheTask()
    {
        using var machine = new RtmConnectionStateMachine(timeProvider: _time);
        var events = new EventRecorder(machine, _time);
        using var cancellation = new CancellationTokenSource();
        var login = machine.LoginAsync(cancellation.Token);
        _time.Advance(Sec(2));

        cancellation.Cancel();

        Assert.That(() => login.Wait(TimeSpan.FromSeconds(10)), Throws.InstanceOf<AggregateException>().With.InnerException.InstanceOf<TaskCanceledException>());
        Assert.That(events.Take().Last(), Is.EqualTo(events.At(Sec(2), new RtmConnectionStateChanged(RtmConnectionState.Connecting, RtmConnectionState.Disconnected, RtmConnectionChangeReason.Logout))));
    }

    [Test]
    public void LoginAsync_AlreadyCancelledToken_ReturnsCanceledWithoutLoggingIn()
    {
        using var machine = new RtmConnectionStateMachine(timeProvider: _time);

        var login = machine.LoginAsync(new CancellationToken(canceled: true));

        Assert.That(login.IsCanceled, Is.True);
        Assert.That(machine.State, Is.EqualTo(RtmConnectionState.Disconnected));
    }

    [Test]
    public void LoginAsync_CancelledAfterSuccess_ChangesNothing()
    {
        using var machine = ConnectedMachine(out _, out var cancellation);

        cancellation.Cancel();

        Assert.That(machine.State, Is.EqualTo(RtmConnectionState.Connected));
        cancellation.Dispose();
    }

    [Test]
    public void LoginAsync_ContinuationRunsOutsideTheMachine()
    {
        using var machine = new RtmConnectionStateMachine(timeProvider: _time);
        var reportingThread = Environment.CurrentManagedThreadId;
        var continuationThread = 0;
        var continuation = machine.LoginAsync().ContinueWith(
            _ =>
            {
                continuationThread = Environment.CurrentManagedThreadId;
                machine.LogoutAsync();
            },
            TaskContinuationOptions.ExecuteSynchronously);

        machine.ReportLoginSuccess();

        Assert.That(continuation.Wait(TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(continuationThread, Is.Not.EqualTo(reportingThread));
    }

    [Test]
    public void Dispose_PendingLoginFaults_NoEventsAfter_TimerGone()
    {
        var machine = new RtmConnectionStateMachine(timeProvider: _time);
        var events = new EventRecorder(machine, _time);
        var login = machine.LoginAsync();
        events.Take();

        machine.Dispose();
        machine.ReportLoginSuccess();
        _time.Advance(Min(1));

        Assert.That(() => login.Wait(TimeSpan.FromSeconds(10)), Throws.InstanceOf<AggregateException>().With.InnerException.InstanceOf<ObjectDisposedException>());
        Assert.That(events.Take(), Is.Empty);
        Assert.That(_time.TimerCount, Is.Zero);
        Assert.Throws<ObjectDisposedException>(() => machine.LoginAsync());
        Assert.Throws<ObjectDisposedException>(() => machine.LogoutAsync());
    }

    [Test]
    public void Handler_CallingLogoutAsync_RunsAfterTheEvent_AndItsTaskCompletesThen()
    {
        using var machine = new RtmConnectionStateMachine(timeProvider: _time);
        var events = new EventRecorder(machine, _time);
        Task? logout = null;
        machine.EventRaised += (_, e) =>
        {
            if (e is RtmConnectionStateChanged { State: RtmConnectionState.Connected })
            {
                logout = machine.LogoutAsync();
                Assert.That(logout.IsCompleted, Is.False);
            }
        };
        _ = machine.LoginAsync();

        machine.ReportLoginSuccess();

        Assert.That(logout!.Wait(TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(events.Take().Select(e => ((RtmConnectionStateChanged)e).State), Is.EqualTo(new[]
        {
            RtmConnectionState.Connecting, RtmConnectionState.Connected, RtmConnectionState.Disconnected,
        }));
    }

    [Test]
    public void LateReports_AreIgnored()
    {
        using var machine = new RtmConnectionStateMachine(timeProvider: _time);
        var events = new EventRecorder(machine, _time);

        machine.ReportLoginSuccess();
        machine.ReportLoginFailure();
        machine.ReportRemoteLogin();
        machine.ReportBanned();
        machine.ReportTokenExpired();

        Assert.That(events.Take(), Is.Empty);
        Assert.That(machine.State, Is.EqualTo(RtmConnectionState.Disconnected));
    }

    private RtmConnectionStateMachine ConnectedMachine(out EventRecorder events)
    {
        var machine = ConnectedMachine(out events, out var cancellation);
        cancellation.Dispose();
        return machine;
    }

    private RtmConnectionStateMachine ConnectedMachine(out EventRecorder events, out CancellationTokenSource cancellation)
    {
        var machine = new RtmConnectionStateMachine(timeProvider: _time);
        cancellation = new CancellationTokenSource();
        var login = machine.LoginAsync(cancellation.Token);
        machine.ReportLoginSuccess();
        Assert.That(login.Wait(TimeSpan.FromSeconds(10)), Is.True);
        events = new EventRecorder(machine, _time);
        return machine;
    }
}
