using System.Diagnostics.Metrics;
using Agora.Connectivity.Internal;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Rtm2;
using Agora.Connectivity.Sdk;
using Agora.Connectivity.Testing;
using Agora.Connectivity.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace Agora.Connectivity.Tests.Sdk;

/// <summary>
/// Followers in a generic host, as a service or a desktop app on Agora's SDK registers them: the options bound from configuration say
/// FollowSdk, the connection's follower is resolvable under its key, and the health check, metrics and logs follow the SDK.
/// </summary>
public class FollowerHostingTests
{
    private const string Json = """
        { "Agora": {
            "Rtc": { "main": { "FollowSdk": true, "SdkVersion": "3.7.1", "FollowTolerance": "00:00:02" }, "modelled": { } },
            "Rtm": { "chat": { "FollowSdk": true } },
            "RtmLink": { "signal": { "FollowSdk": true } } } }
        """;

    [Test]
    public async Task ANamedRtcConnection_BoundToFollow_HasItsFollowerUnderItsKey_AndItsHealthCheckFollowsTheSdk()
    {
        var time = new FakeTimeProvider();
        using var host = Host(time);
        await host.StartAsync();
        var machine = host.Services.GetRequiredKeyedService<RtcConnectionStateMachine>("main");
        var follower = host.Services.GetRequiredKeyedService<RtcSdkFollower>("main");
        var events = host.Services.GetRequiredKeyedService<IRtcEngineEvents>("main");
        var health = host.Services.GetRequiredService<HealthCheckService>();

        Assert.That(follower.Connection, Is.SameAs(machine));
        Assert.That(events, Is.SameAs(follower));
        Assert.That(machine.FollowsSdk, Is.True);
        Assert.That(follower.SdkVersion, Is.EqualTo(new Version(3, 7, 1)));

        events.OnConnectionStateChanged(2, 0);
        events.OnConnectionStateChanged(3, 1);
        Assert.That((await health.CheckHealthAsync()).Entries["agora-rtc:main"].Status, Is.EqualTo(HealthStatus.Healthy));

        time.Advance(TimeSpan.FromMinutes(30));
        Assert.That((await health.CheckHealthAsync()).Entries["agora-rtc:main"].Status, Is.EqualTo(HealthStatus.Healthy), "no timer moves a follower");

        events.OnUserJoined(7);
        time.Advance(TimeSpan.FromHours(1));
        Assert.That(follower.RemoteUsers.IsOnline(7), Is.True, "the keyed follower's tracker follows too: no offline timeout");

        events.OnConnectionStateChanged(5, 3);
        var failed = (await health.CheckHealthAsync()).Entries["agora-rtc:main"];
        Assert.That(failed.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(failed.Data["reason"], Is.EqualTo("BannedByServer"));
        await host.StopAsync();
        Assert.That(machine.State, Is.EqualTo(ConnectionState.Failed), "the host's stop leaves a follower to its SDK");
    }

    [Test]
    public async Task Deviations_AreCountedOnTheHostsMeter_AndLoggedAsWarnings_UnderTheConnectionsName()
    {
        var time = new FakeTimeProvider();
        var logs = new FakeLoggerProvider();
        using var host = Host(time, logs);
        await host.StartAsync();
        using var deviations = new MetricCollector<long>(host.Services.GetRequiredService<IMeterFactory>(), ConnectivityMetrics.MeterName, "agora.connectivity.sdk_deviations");
        var events = host.Services.GetRequiredKeyedService<IRtcEngineEvents>("main");

        events.OnConnectionStateChanged(4, 2);
        events.OnConnectionStateChanged(9, 9);

        var measured = deviations.GetMeasurementSnapshot();
        Assert.That(measured.Select(m => (m.Value, m.Tags["agora.machine"], m.Tags["agora.deviation"], m.Tags["agora.connection"])), Is.EqualTo(new[]
        {
            (1L, (object?)"rtc", (object?)"Transition", (object?)"main"),
            (1L, "rtc", "Value", "main"),
        }));
        var warnings = logs.Entries.Where(e => e.Entry.EventName == "SdkDeviation").ToList();
        Assert.That(warnings, Has.Count.EqualTo(2));
        Assert.That(warnings.All(w => w.Entry.Level == LogLevel.Warning && w.Entry.EventId == 18 && w.Category.EndsWith("RtcConnectionStateMachine.main", StringComparison.Ordinal)), Is.True);
        Assert.That(warnings[0].Entry.Message, Does.Contain("expected Reconnecting (Interrupted) only from Connected; reported OnConnectionStateChanged(4 Reconnecting, 2 Interrupted) in state Disconnected"));
        await host.StopAsync();
    }

    [Test]
    public void AFollowerOverAHostsMachine_LeavesTheMachineToTheHost_AndRefusesOneThatDoesNotFollow()
    {
        var time = new FakeTimeProvider();
        using var machine = new RtcConnectionStateMachine(new RtcConnectionOptions { FollowSdk = true }, time);
        using var rtm = new RtmConnectionStateMachine(new RtmConnectionOptions { FollowSdk = true }, time);
        using var link = new RtmLinkStateMachine(new RtmLinkOptions { FollowSdk = true }, time);
        new RtcSdkFollower(machine, null).Dispose();
        new RtmSdkFollower(rtm, null).Dispose();
        new RtmLinkSdkFollower(link, null).Dispose();

        Assert.DoesNotThrow(machine.JoinChannel);
        Assert.DoesNotThrow(() => _ = rtm.LoginAsync());
        Assert.DoesNotThrow(() => _ = link.LoginAsync());
        using var modelled = new RtcConnectionStateMachine(timeProvider: time);
        using var modelledRtm = new RtmConnectionStateMachine(timeProvider: time);
        using var modelledLink = new RtmLinkStateMachine(null, time);
        Assert.Throws<ArgumentException>(() => _ = new RtcSdkFollower(modelled, null));
        Assert.Throws<ArgumentException>(() => _ = new RtmSdkFollower(modelledRtm, null));
        Assert.Throws<ArgumentException>(() => _ = new RtmLinkSdkFollower(modelledLink, null));
    }

    [Test]
    public async Task AConnectionThatDoesNotFollow_HasNoFollower_AndSaysHowToMakeItFollow()
    {
        using var host = Host(new FakeTimeProvider());
        await host.StartAsync();

        var error = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredKeyedService<RtcSdkFollower>("modelled"));

        Assert.That(error!.Message, Is.EqualTo("The RTC connection 'modelled' does not follow the SDK, so it has no RtcSdkFollower: set FollowSdk to true in its options (in configuration, the key FollowSdk of its section)."));
        await host.StopAsync();
    }

    [Test]
    public async Task RtmAndRtm2Connections_BoundToFollow_HaveTheirFollowers()
    {
        var time = new FakeTimeProvider();
        using var host = Host(time);
        await host.StartAsync();
        var rtm = host.Services.GetRequiredKeyedService<IRtmClientEvents>("chat");
        var link = host.Services.GetRequiredKeyedService<IRtmLinkEvents>("signal");
        var login = host.Services.GetRequiredKeyedService<RtmConnectionStateMachine>("chat").LoginAsync();

        rtm.OnConnectionStateChanged(2, 1);
        rtm.OnConnectionStateChanged(3, 2);
        link.OnLinkStateEvent(0, 1, 0, 1, 1);
        link.OnLinkStateEvent(1, 2, 0, 2, 1);

        Assert.That(login.IsCompletedSuccessfully, Is.True, "the app's login completes when the SDK reports CONNECTED");
        Assert.That(host.Services.GetRequiredKeyedService<RtmSdkFollower>("chat").Connection.State, Is.EqualTo(RtmConnectionState.Connected));
        Assert.That(host.Services.GetRequiredKeyedService<RtmLinkStateMachine>("signal").State, Is.EqualTo(RtmLinkState.Connected));
        Assert.That(host.Services.GetRequiredKeyedService<RtmLinkSdkFollower>("signal").Link, Is.SameAs(host.Services.GetRequiredKeyedService<RtmLinkStateMachine>("signal")));
        await host.StopAsync();
        Assert.That(host.Services.GetRequiredKeyedService<RtmLinkStateMachine>("signal").State, Is.EqualTo(RtmLinkState.Connected), "the host's stop leaves a follower to its SDK");
    }

    [TestCase("""{ "Agora": { "Rtc": { "main": { "FollowSdk": true, "FollowTolerance": "-00:00:01" } } } }""", "FollowTolerance must be zero or more")]
    [TestCase("""{ "Agora": { "Rtc": { "main": { "FollowSdk": true, "FollowTolerance": "00:05:00" } } } }""", "FollowTolerance must be at most 00:01:00")]
    [TestCase("""{ "Agora": { "Rtc": { "main": { "SdkVersion": "2.2.0" } } } }""", "SdkVersion 2.2.0 behaves as Legacy")]
    public void ABadFollowSetting_FailsTheHostAtStart(string json, string message)
    {
        using var host = TestHosts.Build(json, (services, configuration) => services.AddRtcConnection("main", configuration.GetSection("Agora:Rtc:main")));

        var error = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(error!.Message, Does.Contain(message));
    }

    [Test]
    public void AReconnectDriver_ForAConnectionThatFollowsTheSdk_FailsTheHostAtStart_SayingWhy()
    {
        using var host = TestHosts.Build(Json, (services, configuration) =>
        {
            services.AddSingleton(new Hosting.DriverRegistrationTests.TransportLog());
            services.AddRtcConnection("main", configuration.GetSection("Agora:Rtc:main"));
            services.AddRtcConnectionDriver<Hosting.DriverRegistrationTests.ScriptedTransport>("main");
        });

        var error = Assert.ThrowsAsync<ArgumentException>(() => host.StartAsync());

        Assert.That(error!.Message, Does.StartWith("This machine follows the SDK (FollowSdk = true): the SDK's own reconnection runs"));
        Assert.Throws<ArgumentException>(() => _ = new Agora.Connectivity.Reconnect.RtmLinkDriver(new RtmLinkSdkFollower(null, null, null).Link, new NoLinkTransport()));
    }

    private static IHost Host(FakeTimeProvider time, ILoggerProvider? logs = null) => TestHosts.Build(
        Json,
        (services, configuration) =>
        {
            services.AddMetrics();
            services.AddRtcConnection("main", configuration.GetSection("Agora:Rtc:main"));
            services.AddRtcConnection("modelled", configuration.GetSection("Agora:Rtc:modelled"));
            services.AddRtmConnection("chat", configuration.GetSection("Agora:Rtm:chat"));
            services.AddRtmLinkConnection("signal", configuration.GetSection("Agora:RtmLink:signal"));
            services.AddHealthChecks().AddRtcConnectionHealthCheck("main");
        },
        time,
        logs);

    private sealed class NoLinkTransport : Agora.Connectivity.Reconnect.IConnectionTransport
    {
        public Task ConnectAsync(Agora.Connectivity.Reconnect.IConnectionSink sink, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task CloseAsync() => Task.CompletedTask;
    }
}
