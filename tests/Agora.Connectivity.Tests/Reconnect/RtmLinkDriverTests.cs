using Agora.Connectivity.Reconnect;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm2;
using Agora.Connectivity.Testing;
using Agora.Connectivity.Tests.Hosting;
using Agora.Connectivity.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Testing;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.Reconnect;

/// <summary>The RTM 2.x link's reconnect driver (issue 38): attempts while the link says Connecting, the link's own pacing between.</summary>
public class RtmLinkDriverTests
{
    [Test]
    public async Task Login_RetriedUntilAccepted_TheLoginTaskCompletes()
    {
        var time = new FakeTimeProvider();
        using var link = new RtmLinkStateMachine(timeProvider: time);
        var transport = new FakeTransport(time).Then(FakeTransport.Fail).Then(FakeTransport.Succeed);
        using var driver = new RtmLinkDriver(link, transport, new FixedDelaysPolicy([Sec(1)]));

        var login = link.LoginAsync();
        time.Advance(Sec(1));

        await login.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(transport.AttemptTimes, Is.EqualTo(new[] { Sec(0), Sec(1) }));
        Assert.That(link.State, Is.EqualTo(RtmLinkState.Connected));
        Assert.That(driver.AttemptCount, Is.EqualTo(2));
    }

    [Test]
    public async Task AfterALoss_TheDriverClosesTheTransport_AndTriesAgainWhenTheLinkReconnects_3sLater()
    {
        var time = new FakeTimeProvider();
        using var link = new RtmLinkStateMachine(new RtmLinkOptions { KeepAlive = RtmLinkKeepAlive.AnyPacket }, time);
        var transport = new FakeTransport(time) { Otherwise = FakeTransport.Succeed };
        using var driver = new RtmLinkDriver(link, transport, new FixedDelaysPolicy([Sec(1)]));
        var events = new List<string>();
        link.EventRaised += (_, e) => events.Add(e is RtmLinkStateChanged c ? $"{time.Elapsed.TotalSeconds}s {c.State}/{c.Operation}/{c.Reason}" : e.GetType().Name);
        var login = link.LoginAsync();
        time.Advance(TimeSpan.Zero);
        await login.WaitAsync(TimeSpan.FromSeconds(10));

        // No frame: the keep-alive (heartbeat + margin, 9 s by default) declares the link lost; 3 s later it reconnects.
        time.Advance(Sec(9));
        Assert.That(link.State, Is.EqualTo(RtmLinkState.Disconnected));
        Assert.That(transport.Closes, Is.EqualTo(1), "a link that is not connected closes its transport");
        time.Advance(Sec(3));

        Assert.That(link.State, Is.EqualTo(RtmLinkState.Connected));
        Assert.That(transport.AttemptTimes, Is.EqualTo(new[] { Sec(0), Sec(12) }));
        Assert.That(events, Does.Contain("12s Connected/AutoReconnect/ReconnectSuccess"));
    }

    [Test]
    public void ASocketThatClosesWhileConnected_StartsNothing_TheLinkHearsTheLossFromItsPings()
    {
        var time = new FakeTimeProvider();
        using var link = new RtmLinkStateMachine(timeProvider: time);
        var transport = new FakeTransport(time) { Otherwise = FakeTransport.Succeed };
        using var driver = new RtmLinkDriver(link, transport);
        _ = link.LoginAsync();
        time.Advance(TimeSpan.Zero);

        transport.Sink!.Closed(new IOException("reset"));
        time.Advance(Sec(1));

        Assert.That(transport.AttemptTimes, Has.Count.EqualTo(1));
        Assert.That(driver.IsConnecting, Is.False);
    }

    [Test]
    public async Task TheLinkDisposedDuringAnAttempt_CancelsIt_ClosesTheTransport_AndTheDriverTriesNoMore()
    {
        var time = new FakeTimeProvider();
        var link = new RtmLinkStateMachine(timeProvider: time);
        var transport = new FakeTransport(time) { Otherwise = FakeTransport.Hang };
        await using var driver = new RtmLinkDriver(link, transport, new FixedDelaysPolicy([Sec(1)], repeatLast: true));
        _ = link.LoginAsync();
        time.Advance(TimeSpan.Zero);
        Assert.That(driver.IsConnecting, Is.True);

        link.Dispose();
        time.Advance(Min(5));

        Assert.That(transport.AttemptTokens.Single().IsCancellationRequested, Is.True);
        Assert.That(transport.Closes, Is.EqualTo(1));
        Assert.That((driver.IsConnecting, driver.AttemptCount), Is.EqualTo((false, 1)));
    }

    [Test]
    public async Task TheDriverDisposedDuringAnAttempt_CancelsIt_AndTheLinksOwnTimersGoOn()
    {
        var time = new FakeTimeProvider();
        using var link = new RtmLinkStateMachine(timeProvider: time);
        var transport = new FakeTransport(time) { Otherwise = FakeTransport.Hang };
        var driver = new RtmLinkDriver(link, transport);
        _ = link.LoginAsync();
        time.Advance(TimeSpan.Zero);

        var changes = new List<string>();
        link.EventRaised += (_, e) => changes.Add(e is RtmLinkStateChanged c ? $"{time.Elapsed.TotalSeconds}s {c.State}/{c.Reason}" : e.GetType().Name);

        await driver.DisposeAsync();
        time.Advance(Sec(6));   // the link's own login attempt timeout (5 s) still runs, with no driver to try

        Assert.That(transport.AttemptTokens.Single().IsCancellationRequested, Is.True);
        Assert.That(changes, Is.Not.Empty.And.All.Not.Contains("Connected/"));
        Assert.That(changes[0], Does.StartWith("5s "), "the attempt timed out at the link's 5 s");
        Assert.That(driver.AttemptCount, Is.EqualTo(1));
    }

    [TestCase(ConnectionChangedReason.InvalidToken, RtmLinkOperation.Login, RtmLinkStateChangeReason.InvalidToken)]
    [TestCase(ConnectionChangedReason.InvalidAppId, RtmLinkOperation.Login, RtmLinkStateChangeReason.InconsistentAppId)]
    [TestCase(ConnectionChangedReason.RejectedByServer, RtmLinkOperation.Login, RtmLinkStateChangeReason.LoginRejected)]
    [TestCase(ConnectionChangedReason.SameUidLogin, RtmLinkOperation.ServerReject, RtmLinkStateChangeReason.SameUidLogin)]
    [TestCase(ConnectionChangedReason.BannedByServer, RtmLinkOperation.ServerReject, RtmLinkStateChangeReason.KickedOutByServer)]
    public void ATransportsRefusal_IsReadInRtm2Terms_TheLinkFailsWithIt(ConnectionChangedReason refusal, RtmLinkOperation operation, RtmLinkStateChangeReason reason)
    {
        var time = new FakeTimeProvider();
        using var link = new RtmLinkStateMachine(timeProvider: time);
        var transport = new FakeTransport(time).Then(_ => Task.FromException(new ConnectionRejectedException(refusal)));
        using var driver = new RtmLinkDriver(link, transport);
        RtmLinkStateChanged? last = null;
        link.EventRaised += (_, e) => last = e as RtmLinkStateChanged ?? last;

        var login = link.LoginAsync();
        time.Advance(TimeSpan.Zero);

        Assert.That((last!.State, last.Operation, last.Reason), Is.EqualTo((RtmLinkState.Failed, operation, reason)));
        Assert.That(login.IsFaulted, Is.True);
        Assert.That(transport.Closes, Is.EqualTo(1));
    }

    [Test]
    public void AClassifierThatNamesNoRefusal_IsAFaultyClassifier_Logged_AndTheLoginIsRejected()
    {
        var time = new FakeTimeProvider();
        var log = new FakeLogger<RtmLinkDriver>();
        using var link = new RtmLinkStateMachine(timeProvider: time);
        var transport = new FakeTransport(time).Then(FakeTransport.Fail);
        using var driver = new RtmLinkDriver(link, transport, classifyError: _ => RtmLinkStateChangeReason.LoginSuccess, logger: log);

        _ = link.LoginAsync();
        time.Advance(TimeSpan.Zero);

        Assert.That(link.State, Is.EqualTo(RtmLinkState.Failed));
        var failed = log.Collector.GetSnapshot().Single(r => r.Id.Name == "ReconnectPolicyFailed");
        Assert.That(failed.Exception!.Message, Does.StartWith("LoginSuccess is not a reason an RTM 2.x login fails with or the server drops a client for, so it cannot end the attempts. Use one of: LoginRejected, InvalidToken,"));
    }

    [Test]
    public async Task InAHost_ANamedLinksDriver_TriesWithTheHost_AndClosesItsTransportWhenTheHostStops()
    {
        var time = new FakeTimeProvider();
        var transports = new DriverRegistrationTests.TransportLog { FailFirst = 1 };
        using var host = TestHosts.Build(
            """{ "Agora": { "RtmLink": { "chat": { }, "Reconnect": { "InitialBackoff": "00:00:02" } } } }""",
            (services, configuration) =>
            {
                services.AddSingleton(transports);
                services.AddRtmLinkConnection("chat", configuration.GetSection("Agora:RtmLink:chat"));
                services.AddRtmLinkConnectionDriver<DriverRegistrationTests.ScriptedTransport>("chat").Bind(configuration.GetSection("Agora:RtmLink:Reconnect"));
            },
            time);
        await host.StartAsync();
        var link = host.Services.GetRequiredKeyedService<RtmLinkStateMachine>("chat");

        var login = link.LoginAsync();
        time.Advance(TimeSpan.Zero);
        time.Advance(Sec(3));
        await login.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That((link.State, transports.Connects), Is.EqualTo((RtmLinkState.Connected, 2)));
        Assert.That(host.Services.GetRequiredKeyedService<RtmLinkDriver>("chat").AttemptCount, Is.EqualTo(2));

        await host.StopAsync();

        Assert.That(link.State, Is.EqualTo(RtmLinkState.Idle), "logged out as the host stops");
        Assert.That(transports.Closes, Is.GreaterThanOrEqualTo(1));
    }
}
