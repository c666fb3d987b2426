using Agora.Connectivity.Reconnect;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Testing;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.Reconnect;

public class RtmConnectionDriverTests
{
    [Test]
    public async Task Login_RetriedUntilAccepted_TheLoginTaskCompletes()
    {
        var time = new FakeTimeProvider();
        using var machine = new RtmConnectionStateMachine(timeProvider: time);
        var transport = new FakeTransport(time).Then(FakeTransport.Fail).Then(FakeTransport.Succeed);
        using var driver = new RtmConnectionDriver(machine, transport, new FixedDelaysPolicy([Sec(2)]));

        var login = machine.LoginAsync();
        time.Advance(Sec(2));

        await login.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(transport.AttemptTimes, Is.EqualTo(new[] { Sec(0), Sec(2) }));
        Assert.That(machine.State, Is.EqualTo(RtmConnectionState.Connected));
    }

    [Test]
    public void Reconnecting_RetriesWithoutDeadline_UntilAccepted()
    {
        var time = new FakeTimeProvider();
        using var machine = new RtmConnectionStateMachine(timeProvider: time);
        var transport = new FakeTransport(time).Then(FakeTransport.Succeed);
        using var driver = new RtmConnectionDriver(machine, transport, new FixedDelaysPolicy([Sec(30)], repeatLast: true));
        _ = machine.LoginAsync();

        // Logged in at 0; no frames, so interrupted at 4 s; attempts every 30 s from there.
        time.Advance(Min(10));
        Assert.That(machine.State, Is.EqualTo(RtmConnectionState.Reconnecting));
        transport.Otherwise = FakeTransport.Succeed;
        time.Advance(Sec(4));

        Assert.That(transport.AttemptTimes, Is.EqualTo(new[] { Sec(0) }.Concat(Enumerable.Range(0, 21).Select(k => Sec(4 + (30 * k))))));
        Assert.That(machine.State, Is.EqualTo(RtmConnectionState.Connected));
    }

    [TestCase(ConnectionChangedReason.SameUidLogin, RtmConnectionChangeReason.RemoteLogin)]
    [TestCase(ConnectionChangedReason.BannedByServer, RtmConnectionChangeReason.BannedByServer)]
    public void FinalError_WhileLoggingIn_AbortsAndFaultsTheLogin(ConnectionChangedReason error, RtmConnectionChangeReason expected)
    {
        var time = new FakeTimeProvider();
        using var machine = new RtmConnectionStateMachine(timeProvider: time);
        var transport = new FakeTransport(time).Then(_ => Task.FromException(new ConnectionRejectedException(error)));
        using var driver = new RtmConnectionDriver(machine, transport);

        var login = machine.LoginAsync();
        time.Advance(TimeSpan.Zero); // the first attempt starts from a zero-delay timer, never inside the login's event delivery

        var failure = Assert.ThrowsAsync<RtmLoginException>(() => login);
        Assert.That(failure!.Reason, Is.EqualTo(expected));
        Assert.That(machine.State, Is.EqualTo(RtmConnectionState.Aborted));
    }

    [Test]
    public void FinalError_Other_IsALoginFailure()
    {
        var time = new FakeTimeProvider();
        using var machine = new RtmConnectionStateMachine(timeProvider: time);
        var transport = new FakeTransport(time).Then(_ => Task.FromException(new ConnectionRejectedException(ConnectionChangedReason.InvalidToken)));
        using var driver = new RtmConnectionDriver(machine, transport);

        var login = machine.LoginAsync();
        time.Advance(TimeSpan.Zero);
        var failure = Assert.ThrowsAsync<RtmLoginException>(() => login);

        Assert.That(failure!.Reason, Is.EqualTo(RtmConnectionChangeReason.LoginFailure));
        Assert.That(transport.Closes, Is.EqualTo(1));
    }

    // Issue 38: the classifier speaks RTM (it returned the RTC reason type before).
    [TestCase(RtmConnectionChangeReason.RemoteLogin, RtmConnectionState.Aborted)]
    [TestCase(RtmConnectionChangeReason.BannedByServer, RtmConnectionState.Aborted)]
    [TestCase(RtmConnectionChangeReason.LoginFailure, RtmConnectionState.Disconnected)]
    public void AnRtmClassifier_NamesTheRtmRefusal_TheLoginEndsWithIt(RtmConnectionChangeReason refusal, RtmConnectionState state)
    {
        var time = new FakeTimeProvider();
        using var machine = new RtmConnectionStateMachine(timeProvider: time);
        var transport = new FakeTransport(time).Then(_ => Task.FromException(new UnauthorizedAccessException("kicked")));
        using var driver = new RtmConnectionDriver(machine, transport, classifyError: e => e is UnauthorizedAccessException ? refusal : null);

        var login = machine.LoginAsync();
        time.Advance(TimeSpan.Zero);

        Assert.That(Assert.ThrowsAsync<RtmLoginException>(() => login)!.Reason, Is.EqualTo(refusal));
        Assert.That(machine.State, Is.EqualTo(state));
    }

    [Test]
    public void AnRtmClassifier_ThatNamesNoRefusal_IsAFaultyClassifier_LoggedWithTheRefusalsItCouldName_AndTheLoginFails()
    {
        var time = new FakeTimeProvider();
        var log = new Microsoft.Extensions.Logging.Testing.FakeLogger<RtmConnectionDriver>();
        using var machine = new RtmConnectionStateMachine(timeProvider: time);
        var transport = new FakeTransport(time).Then(_ => Task.FromException(new TimeoutException()));
        using var driver = new RtmConnectionDriver(machine, transport, classifyError: _ => RtmConnectionChangeReason.LoginSuccess, logger: log);

        var login = machine.LoginAsync();
        time.Advance(TimeSpan.Zero);

        Assert.That(Assert.ThrowsAsync<RtmLoginException>(() => login)!.Reason, Is.EqualTo(RtmConnectionChangeReason.LoginFailure));
        var failed = log.Collector.GetSnapshot().Single(r => r.Id.Name == "ReconnectPolicyFailed");
        Assert.That(failed.Exception!.Message, Does.StartWith("LoginSuccess is not a refusal of an RTM login, so it cannot end the attempts. Use one of: LoginFailure, BannedByServer, RemoteLogin."));
    }

    [Test]
    public void Logout_DuringAWait_StopsAndCloses()
    {
        var time = new FakeTimeProvider();
        using var machine = new RtmConnectionStateMachine(timeProvider: time);
        var transport = new FakeTransport(time);
        using var driver = new RtmConnectionDriver(machine, transport, new FixedDelaysPolicy([Sec(2)], repeatLast: true));
        _ = machine.LoginAsync();
        time.Advance(Sec(1));

        _ = machine.LogoutAsync();
        time.Advance(Min(1));

        Assert.That(transport.AttemptTimes, Is.EqualTo(new[] { Sec(0) }));
        Assert.That(transport.Closes, Is.EqualTo(1));
    }
}
