using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm2;
using Agora.Connectivity.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Connectivity.PackageTests;

/// <summary>What a user of the packages does: options, fake time, a timeline, the Android callbacks.</summary>
public class ConsumerTests
{
    [Test]
    public void Package_RtcMachineOnFakeTime_AndroidCallbacks()
    {
        var time = new FakeTimeProvider();
        using var machine = new RtcConnectionStateMachine(new RtcConnectionOptions { InterruptionTimeout = TimeSpan.FromSeconds(2) }, time);
        var callbacks = new List<string>();
        using var subscription = machine.Subscribe(CallbackStrategies.For(Platform.Android), c => callbacks.Add($"{time.Elapsed.TotalMilliseconds} {c}"));

        machine.JoinChannel();
        time.Advance(TimeSpan.FromMilliseconds(200));
        machine.ReportJoinSuccess();
        time.Advance(TimeSpan.FromSeconds(12));

        Assert.That(callbacks, Is.EqualTo(new[]
        {
            "0 onConnectionStateChanged(CONNECTION_STATE_CONNECTING, CONNECTION_CHANGED_CONNECTING)",
            "200 onConnectionStateChanged(CONNECTION_STATE_CONNECTED, CONNECTION_CHANGED_JOIN_SUCCESS)",
            "200 onJoinChannelSuccess()",
            "2200 onConnectionStateChanged(CONNECTION_STATE_RECONNECTING, CONNECTION_CHANGED_INTERRUPTED)",
            "12200 onConnectionLost()",
        }));
    }

    [Test]
    public void Package_ChannelSimulation_ReplaysADrop()
    {
        using var simulation = new ChannelSimulation();
        var one = simulation.AddUser(1, Platform.Android);
        var two = simulation.AddUser(2, Platform.Web);
        one.JoinChannel();
        two.JoinChannel();
        simulation.Advance(TimeSpan.FromSeconds(5));

        one.DropNetwork();
        simulation.Advance(TimeSpan.FromSeconds(11));

        Assert.That(two.Callbacks.Select(e => $"{e.At.TotalSeconds} {e.Callback}"), Is.EqualTo(new[] { "0.3 stream-added(1)", "15 stream-removed(1)" }));
    }

    [Test]
    public void Package_DependencyInjection_ResolvesWithFakeTime()
    {
        var time = new FakeTimeProvider();
        var services = new ServiceCollection();
        services.AddSingleton<ITimeProvider>(time);
        services.AddRtcConnection(o => o.Behavior = RtcSdkBehavior.Legacy);
        using var provider = services.BuildServiceProvider();

        var machine = provider.GetRequiredService<RtcConnectionStateMachine>();

        Assert.That(machine.Behavior, Is.EqualTo(RtcSdkBehavior.Legacy));
    }

    [Test]
    public async Task Package_RtmLink_LongOutage_SuspendedThenReconnected_WebCallbacks()
    {
        using var simulation = new RtmLinkSimulation();
        var alice = simulation.AddUser("alice", Platform.Web);
        var login = alice.LoginAsync();
        simulation.Advance(TimeSpan.FromSeconds(1));
        await login;
        alice.DropNetwork();
        simulation.Advance(TimeSpan.FromSeconds(200));
        alice.RestoreNetwork();
        simulation.Advance(TimeSpan.FromSeconds(1));

        var states = alice.Callbacks.Select(c => c.Callback.Arguments[0]).ToList();
        Assert.That(states, Does.Contain("currentState: \"SUSPENDED\""));
        Assert.That(states[^1], Is.EqualTo("currentState: \"CONNECTED\""));
        Assert.That(alice.Link.State, Is.EqualTo(RtmLinkState.Connected));
    }
}
