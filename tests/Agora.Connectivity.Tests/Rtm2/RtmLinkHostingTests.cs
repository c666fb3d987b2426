using System.Diagnostics.Metrics;
using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Rtm2;
using Agora.Connectivity.Testing;
using Agora.Connectivity.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.Rtm2;

/// <summary>The RTM 2.x link the way a service runs it: bound from a JSON file, validated at start, logged, counted, health-checked, named.</summary>
public class RtmLinkHostingTests
{
    [Test]
    public async Task BoundFromConfiguration_OnTheHostsFakeClock_TheKeepAliveIsTheConfiguredHeartbeatAndMargin()
    {
        var time = new FakeTimeProvider();
        using var host = HostWith("""{ "Agora": { "RtmLink": { "HeartbeatInterval": "00:00:30", "KeepAliveMargin": "00:00:00", "ReconnectTimeout": "00:01:00" } } }""", time, (services, configuration) => services.AddRtmLinkConnection(configuration.GetSection("Agora:RtmLink")));
        await host.StartAsync();
        var link = host.Services.GetRequiredService<RtmLinkStateMachine>();
        var recorder = new EventRecorder(link, time);

        _ = link.LoginAsync();
        link.ReportLoginSuccess();
        time.Advance(Sec(30));
        time.Advance(Sec(60));

        var changes = recorder.Events.OfType<RtmLinkStateChanged>().ToList();
        Assert.That(changes[2], Is.EqualTo(recorder.At(Sec(30), new RtmLinkStateChanged(RtmLinkState.Connected, RtmLinkState.Disconnected, RtmLinkOperation.HeartbeatLost, RtmLinkStateChangeReason.KeepAliveTimeout, RtmServiceType.Message))));
        Assert.That(changes[^1], Is.EqualTo(recorder.At(Sec(90), new RtmLinkStateChanged(RtmLinkState.Disconnected, RtmLinkState.Failed, RtmLinkOperation.AutoReconnect, RtmLinkStateChangeReason.ReconnectTimeout, RtmServiceType.Message))));
        await host.StopAsync();
    }

    // "is 0, normalized to undefined" (agora-rtm-sdk 2.3.0 agora-rtm.js); "Default: 0 seconds, never timeout" (agora-react-native-rtm 2.2.6).
    [TestCase("0")]
    [TestCase("00:00:00")]
    public async Task ReconnectTimeoutZero_FromConfiguration_IsNever_TheLinkKeepsRetrying_AndPingsFromConfigurationKeepItUp(string zero)
    {
        var time = new FakeTimeProvider();
        using var host = HostWith($$"""{ "Agora": { "RtmLink": { "ReconnectTimeout": "{{zero}}", "KeepAlive": "PingAnswers" } } }""", time, (services, configuration) => services.AddRtmLinkConnection(configuration.GetSection("Agora:RtmLink")));
        await host.StartAsync();
        var link = host.Services.GetRequiredService<RtmLinkStateMachine>();

        _ = link.LoginAsync();
        link.ReportLoginSuccess();
        for (var second = 1; second <= 60; second++)
        {
            time.Advance(Sec(1));
            link.ReportHeartbeatAnswer();
        }

        Assert.That(link.State, Is.EqualTo(RtmLinkState.Connected), "answered pings keep it up");
        time.Advance(TimeSpan.FromHours(2));
        Assert.That(link.State, Is.AnyOf(RtmLinkState.Connecting, RtmLinkState.Suspended), "two hours without an answer and still retrying");
        await host.StopAsync();
    }

    [TestCase("""{ "HeartbeatInterval": "00:00:04" }""", "Agora:RtmLink:HeartbeatInterval must be from 00:00:05 to 00:30:00 (agora-rtm-sdk 2.3.0's range); it was 00:00:04. agora-rtm-sdk 2.3.0 would have used 00:00:05 instead.")]
    [TestCase("""{ "PresenceTimeout": "00:05:01" }""", "Agora:RtmLink:PresenceTimeout must be from 00:00:05 to 00:05:00 (agora-rtm-sdk 2.3.0's range); it was 00:05:01. agora-rtm-sdk 2.3.0 would have used 00:05:00 instead.")]
    [TestCase("""{ "ReconnectTimeout": "00:00:10" }""", "Agora:RtmLink:ReconnectTimeout must be from 00:00:15 to 01:00:00 (agora-react-native-rtm 2.2.6's range; leave it unset or zero to keep retrying); it was 00:00:10. agora-rtm-sdk 2.3.0 would have used 00:00:15 instead.")]
    [TestCase("""{ "LoginAttemptTimeout": 5 }""", "Agora:RtmLink:LoginAttemptTimeout must be at most 00:02:00; it was 5.00:00:00. Timeouts are written as hh:mm:ss (00:00:04 is 4 seconds; a bare 4 is read as 4 days).")]
    [TestCase("""{ "KeepAliveMargin": "-00:00:01" }""", "Agora:RtmLink:KeepAliveMargin must be from 00:00:00 to 00:01:00 (zero for the type definitions' reading); it was -00:00:01.")]
    [TestCase("""{ "SuspendAfter": "00:00:00" }""", "Agora:RtmLink:SuspendAfter must be greater than zero; it was 00:00:00.")]
    [TestCase("""{ "KeepAlive": 7 }""", "Agora:RtmLink:KeepAlive must be one of PingAnswers, AnyPacket; it was 7.")]
    [TestCase("""{ "HeartbeatInterval": 5 }""", "Agora:RtmLink:HeartbeatInterval must be from 00:00:05 to 00:30:00 (agora-rtm-sdk 2.3.0's range); it was 5.00:00:00. agora-rtm-sdk 2.3.0 would have used 00:30:00 instead. Timeouts are written as hh:mm:ss (00:00:05 is 5 seconds; a bare 5 is read as 5 days).")]
    public void ABadValue_FailsAtStart_NamingItsPathAndRange(string section, string failure)
    {
        using var host = HostWith($$"""{ "Agora": { "RtmLink": {{section}} } }""", new FakeTimeProvider(), (services, configuration) => services.AddRtmLinkConnection(configuration.GetSection("Agora:RtmLink")));

        var error = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(error!.Failures, Is.EqualTo(new[] { failure }));
    }

    [Test]
    public void AMisspelledKey_FailsAtStart_AndTheConstructorRejectsWhatTheHostWould()
    {
        using var host = HostWith("""{ "Agora": { "RtmLink": { "HeartbeatIntervall": "00:00:10" } } }""", new FakeTimeProvider(), (services, configuration) => services.AddRtmLinkConnection(configuration.GetSection("Agora:RtmLink")));

        Assert.That(Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync())!.Message, Does.StartWith("Agora:RtmLink:HeartbeatIntervall is not a setting of the RTM 2.x link: the section Agora:RtmLink binds RtmLinkOptions, whose settings are FollowSdk, FollowTolerance, HeartbeatInterval, KeepAlive,"));
        Assert.That(
            () => new RtmLinkStateMachine(new RtmLinkOptions { HeartbeatInterval = Sec(1801), PresenceTimeout = Sec(4) }, (ITimeProvider?)null),
            Throws.ArgumentException.With.Message.StartsWith("The RtmLinkOptions are not valid. HeartbeatInterval must be from 00:00:05 to 00:30:00").And.Message.Contains("PresenceTimeout must be from 00:00:05"));
    }

    [Test]
    public async Task Named_LogsUnderItsName_CountsWithItsTag_AndIsHealthCheckedByState()
    {
        var time = new FakeTimeProvider();
        var logs = new FakeLogCollector();
        using var host = HostWith("{}", time, (services, _) =>
        {
            services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(new FakeLoggerProvider(logs)));
            services.AddMetrics();
            services.AddRtmLinkConnection("chat", configure: null);
            services.AddHealthChecks().AddRtmLinkHealthCheck("chat").AddRtmLinkHealthCheck("missing");
        });
        await host.StartAsync();
        var link = host.Services.GetRequiredKeyedService<RtmLinkStateMachine>("chat");
        using var transitions = new MetricCollector<long>(host.Services.GetRequiredService<IMeterFactory>(), "Agora.Connectivity", "agora.connectivity.transitions");
        var health = host.Services.GetRequiredService<HealthCheckService>();

        Assert.That((await health.CheckHealthAsync()).Entries["agora-rtm-link:chat"].Status, Is.EqualTo(HealthStatus.Degraded), "Idle");
        _ = link.LoginAsync();
        link.ReportLoginSuccess();
        var connected = await health.CheckHealthAsync();
        link.ReportServerRejection(RtmLinkStateChangeReason.SameUidLogin);
        var failed = await health.CheckHealthAsync();

        Assert.Multiple(() =>
        {
            Assert.That(connected.Entries["agora-rtm-link:chat"].Status, Is.EqualTo(HealthStatus.Healthy));
            Assert.That(failed.Entries["agora-rtm-link:chat"].Status, Is.EqualTo(HealthStatus.Unhealthy));
            Assert.That(failed.Entries["agora-rtm-link:chat"].Data["reason"], Is.EqualTo("SameUidLogin"));
            Assert.That(failed.Entries["agora-rtm-link:missing"].Description, Does.Contain("services.AddRtmLinkConnection(\"missing\", ...)"));
            Assert.That(
                logs.GetSnapshot().Where(r => r.Category == "Agora.Connectivity.Rtm2.RtmLinkStateMachine.chat").Select(r => r.Message),
                Has.Some.Contains("Connected").And.Some.Contains("Failed"));
            Assert.That(
                transitions.GetMeasurementSnapshot().Select(m => $"{m.Tags["agora.machine"]} {m.Tags["agora.state"]} {m.Tags["agora.reason"]} {m.Tags["agora.connection"]}"),
                Is.EqualTo(new[] { "rtm2 Connecting Login chat", "rtm2 Connected LoginSuccess chat", "rtm2 Failed SameUidLogin chat" }));
        });
        await host.StopAsync();
    }

    [Test]
    public void Callbacks_NativeOnLinkStateEvent_WebLinkState_WithTheEventsFields()
    {
        var time = new FakeTimeProvider();
        using var link = new RtmLinkStateMachine(null, time);
        var android = new List<string>();
        var web = new List<string>();
        using var a = link.Subscribe(CallbackStrategies.ForRtmLink(Platform.Android), c => android.Add(c.ToString()));
        using var w = link.Subscribe(CallbackStrategies.ForRtmLink(Platform.Web), c => web.Add(c.ToString()));
        _ = link.LoginAsync();
        link.ReportLoginSuccess();
        time.Advance(Sec(13));          // lost at 9, the attempt at 12
        link.ReportLoginSuccess();

        Assert.That(android, Is.EqualTo(new[]
        {
            "onLinkStateEvent(currentState: RtmLinkState.connecting, previousState: RtmLinkState.idle, serviceType: RtmServiceType.message, operation: RtmLinkOperation.login, reasonCode: RtmLinkStateChangeReason.login, isResumed: false)",
            "onLinkStateEvent(currentState: RtmLinkState.connected, previousState: RtmLinkState.connecting, serviceType: RtmServiceType.message, operation: RtmLinkOperation.login, reasonCode: RtmLinkStateChangeReason.loginSuccess, isResumed: false)",
            "onLinkStateEvent(currentState: RtmLinkState.disconnected, previousState: RtmLinkState.connected, serviceType: RtmServiceType.message, operation: RtmLinkOperation.heartbeatLost, reasonCode: RtmLinkStateChangeReason.keepAliveTimeout, isResumed: false)",
            "onLinkStateEvent(currentState: RtmLinkState.connecting, previousState: RtmLinkState.disconnected, serviceType: RtmServiceType.message, operation: RtmLinkOperation.autoReconnect, reasonCode: RtmLinkStateChangeReason.autoReconnect, isResumed: false)",
            "onLinkStateEvent(currentState: RtmLinkState.connected, previousState: RtmLinkState.connecting, serviceType: RtmServiceType.message, operation: RtmLinkOperation.autoReconnect, reasonCode: RtmLinkStateChangeReason.reconnectSuccess, isResumed: true)",
        }));
        Assert.That(web[2], Is.EqualTo("linkState(currentState: \"DISCONNECTED\", previousState: \"CONNECTED\", serviceType: \"MESSAGE\", operation: \"HEARTBEAT_TIMEOUT\", reasonCode: \"KEEP_ALIVE_TIMEOUT\", isResumed: false)"));
        Assert.That(web[4], Is.EqualTo("linkState(currentState: \"CONNECTED\", previousState: \"CONNECTING\", serviceType: \"MESSAGE\", operation: \"AUTO_RECONNECT\", reasonCode: \"RECONNECT_SUCCESS\", isResumed: true)"));
        Assert.That(CallbackStrategies.ForRtmLink(Platform.Ios).Map(new Agora.Connectivity.Rtm.TokenExpired()), Is.Empty, "other machines' events have no link callback");
        Assert.That(() => CallbackStrategies.ForRtmLink((Platform)99), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(
            () => CallbackStrategies.ForRtmLink(Platform.Web).Map(new RtmLinkStateChanged(RtmLinkState.Idle, (RtmLinkState)42, RtmLinkOperation.Login, RtmLinkStateChangeReason.Login, RtmServiceType.Message)),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("42"));
    }

    private static IHost HostWith(string json, FakeTimeProvider time, Action<IServiceCollection, IConfiguration> configure)
        => TestHosts.Build(json, configure, time);
}
