using Agora.Connectivity.Reconnect;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Testing;
using Agora.Connectivity.Tests.Reconnect;
using Agora.Connectivity.Tests.TestSupport;
using Microsoft.Extensions.Logging.Testing;

namespace Agora.Connectivity.Tests.Rtm;

/// <summary>
/// What an RTM login leaves behind: an already-canceled token starts nothing, a long-lived token does not keep the machine
/// alive once its logins are over, and disposing the machine stops its driver.
/// </summary>
public class RtmLoginLifetimeTests
{
    [Test]
    public void LoginWithAnAlreadyCanceledToken_ReturnsACanceledTask_AndStartsNothing()
    {
        using var machine = new RtmConnectionStateMachine(timeProvider: new FakeTimeProvider());
        var events = new List<ConnectivityEvent>();
        machine.EventRaised += (_, e) => events.Add(e);

        var login = machine.LoginAsync(new CancellationToken(canceled: true));

        Assert.That(login.IsCanceled, Is.True);
        Assert.That(machine.State, Is.EqualTo(RtmConnectionState.Disconnected));
        Assert.That(events, Is.Empty);
    }

    [Test]
    public void ALongLivedToken_DoesNotKeepAMachineAlive_OnceItsLoginIsOver()
    {
        using var appLifetime = new CancellationTokenSource();

        var machine = LoggedInAndDisposed(appLifetime.Token);

        // The registration is disposed on the thread pool once the login completes (never under the machine's lock).
        Assert.That(Collection.IsCollected(machine), Is.True, "the token's registration still holds the machine");
    }

    [Test]
    public async Task DisposingTheMachine_StopsItsDriver_LogsIt_AndClosesTheTransport()
    {
        var time = new FakeTimeProvider();
        var machine = new RtmConnectionStateMachine(timeProvider: time);
        var transport = new FakeTransport(time).Then(FakeTransport.Hang);
        var logger = new FakeLogger<RtmConnectionDriver>();
        await using var driver = new RtmConnectionDriver(machine, transport, logger: logger);
        _ = machine.LoginAsync();
        time.Advance(TimeSpan.Zero);

        machine.Dispose();

        Assert.That(logger.Collector.GetSnapshot().Select(r => r.Id.Id), Does.Contain(14));
        Assert.That(transport.AttemptTokens.Single().IsCancellationRequested, Is.True);
        Assert.That(driver.IsConnecting, Is.False);
        Assert.That(transport.Closes, Is.EqualTo(1));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference LoggedInAndDisposed(CancellationToken token)
    {
        var machine = new RtmConnectionStateMachine(timeProvider: new FakeTimeProvider());
        var login = machine.LoginAsync(token);
        machine.ReportLoginSuccess();
        login.GetAwaiter().GetResult();
        machine.Dispose();
        return new WeakReference(machine);
    }
}
