using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Presence;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.DependencyInjection;

public class ConnectivityServiceCollectionExtensionsTests
{
    [Test]
    public void Defaults_Resolve_OnTheSystemClock()
    {
        var services = new ServiceCollection();
        services.AddRtcConnection();
        services.AddRtmConnection();
        services.AddRemoteUserTracker();
        services.AddRtmMemberTracker();
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var rtc = provider.GetRequiredService<RtcConnectionStateMachine>();

        Assert.Multiple(() =>
        {
            Assert.That(provider.GetRequiredService<ITimeProvider>(), Is.SameAs(SystemTimeProvider.Instance));
            Assert.That(rtc.Behavior, Is.EqualTo(RtcSdkBehavior.Current));
            Assert.That(rtc, Is.SameAs(provider.GetRequiredService<RtcConnectionStateMachine>()));
            Assert.That(provider.GetRequiredService<RtmConnectionStateMachine>().State, Is.EqualTo(RtmConnectionState.Disconnected));
            Assert.That(provider.GetRequiredService<RemoteUserTracker>().OfflineTimeout, Is.EqualTo(Sec(20)));
            Assert.That(provider.GetRequiredService<RtmMemberTracker>().PresenceTimeout, Is.EqualTo(Sec(30)));
        });
    }

    [Test]
    public void Presets_AreTheStartingPoint_ConfigurationStillWins()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Agora:Rtc:InterruptionTimeout"] = "00:00:03",
        }).Build();
        var preset = RtcConnectionOptions.FromIosChannelConnectionGuide();
        var services = new ServiceCollection();
        services.AddRtcConnection(preset).Bind(configuration.GetSection("Agora:Rtc"));
        services.AddRtmConnection(RtmConnectionOptions.FromNativeReference15());
        preset.ConnectionLostTimeout = Sec(1); // copied at registration: later changes are not seen
        using var provider = services.BuildServiceProvider();

        var rtc = provider.GetRequiredService<IOptions<RtcConnectionOptions>>().Value;
        Assert.That(rtc.ConnectionLostTimeout, Is.EqualTo(Sec(11)));
        Assert.That(rtc.InterruptionTimeout, Is.EqualTo(Sec(3)));
        Assert.That(provider.GetRequiredService<IOptions<RtmConnectionOptions>>().Value.LoginTimeout, Is.EqualTo(Sec(12)));
        Assert.Throws<ArgumentNullException>(() => services.AddRtcConnection((RtcConnectionOptions)null!));
        Assert.Throws<ArgumentNullException>(() => services.AddRtmConnection((RtmConnectionOptions)null!));
    }

    [Test]
    public void AddRtmMemberTracker_HasTheSameOverloadsAsTheOthers()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Agora:Members:PresenceTimeout"] = "00:00:12",
            ["Agora:Backup:PresenceTimeout"] = "00:00:07",
        }).Build();
        var services = new ServiceCollection();
        services.AddRtmMemberTracker(configuration.GetSection("Agora:Members"));
        services.AddRtmMemberTracker("backup", configuration.GetSection("Agora:Backup"));
        services.AddRtmMemberTracker("third", o => o.PresenceTimeout = Sec(3));
        using var provider = services.BuildServiceProvider();

        Assert.That(provider.GetRequiredService<RtmMemberTracker>().PresenceTimeout, Is.EqualTo(Sec(12)));
        Assert.That(provider.GetRequiredKeyedService<RtmMemberTracker>("backup").PresenceTimeout, Is.EqualTo(Sec(7)));
        Assert.That(provider.GetRequiredKeyedService<RtmMemberTracker>("third").PresenceTimeout, Is.EqualTo(Sec(3)));
        Assert.Throws<ArgumentNullException>(() => services.AddRtmMemberTracker("x", (IConfiguration)null!));
    }

    [Test]
    public void AddCallbackStrategy_RegistersTheSharedStrategyOfThePlatformAndGeneration()
    {
        var services = new ServiceCollection();
        services.AddCallbackStrategy(Platform.Web, SdkGeneration.V4);
        using var provider = services.BuildServiceProvider();

        Assert.That(provider.GetRequiredService<ICallbackStrategy>(), Is.SameAs(CallbackStrategies.For(Platform.Web, SdkGeneration.V4)));
        Assert.That(new ServiceCollection().AddCallbackStrategy(Platform.Ios).BuildServiceProvider().GetRequiredService<ICallbackStrategy>(), Is.SameAs(CallbackStrategies.For(Platform.Ios)));
        Assert.Throws<ArgumentOutOfRangeException>(() => services.AddCallbackStrategy(Platform.Web, (SdkGeneration)8));
        Assert.Throws<ArgumentNullException>(() => ((IServiceCollection)null!).AddCallbackStrategy(Platform.Web));
    }

    [Test]
    public void Configuration_BindsEveryOption()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Agora:Rtc:InterruptionTimeout"] = "00:00:02",
            ["Agora:Rtc:ConnectionLostTimeout"] = "00:00:05",
            ["Agora:Rtc:ReconnectFailureTimeout"] = "00:01:00",
            ["Agora:Rtc:TokenExpiryWarning"] = "00:01:30",
            ["Agora:Rtc:Behavior"] = "Legacy",
            ["Agora:Rtm:LoginTimeout"] = "00:00:03",
            ["Agora:Rtm:InterruptionTimeout"] = "00:00:01",
            ["Agora:Rtm:PresenceTimeout"] = "00:00:15",
            ["Agora:RemoteUsers:OfflineTimeout"] = "00:00:10",
            ["Agora:RemoteUsers:PeerLeaveTimeout"] = "00:02:00",
        }).Build();
        var services = new ServiceCollection();
        services.AddRtcConnection(configuration.GetSection("Agora:Rtc"));
        services.AddRtmConnection(configuration.GetSection("Agora:Rtm"));
        services.AddRemoteUserTracker(configuration.GetSection("Agora:RemoteUsers"));
        using var provider = services.BuildServiceProvider();

        var rtc = provider.GetRequiredService<IOptions<RtcConnectionOptions>>().Value;
        var rtm = provider.GetRequiredService<IOptions<RtmConnectionOptions>>().Value;
        var users = provider.GetRequiredService<IOptions<RemoteUserTrackerOptions>>().Value;

        Assert.That((rtc.InterruptionTimeout, rtc.ConnectionLostTimeout, rtc.ReconnectFailureTimeout, rtc.TokenExpiryWarning, rtc.Behavior), Is.EqualTo((Sec(2), Sec(5), Min(1), Sec(90), RtcSdkBehavior.Legacy)));
        Assert.That((rtm.LoginTimeout, rtm.InterruptionTimeout, rtm.PresenceTimeout), Is.EqualTo((Sec(3), Sec(1), Sec(15))));
        Assert.That((users.OfflineTimeout, users.PeerLeaveTimeout), Is.EqualTo((Sec(10), Min(2))));
        Assert.That(provider.GetRequiredService<RtcConnectionStateMachine>().Behavior, Is.EqualTo(RtcSdkBehavior.Legacy));
        Assert.That(provider.GetRequiredService<RemoteUserTracker>().OfflineTimeout, Is.EqualTo(Sec(10)));
    }

    [Test]
    public void BadSection_FailsAtStart_NamingThePropertyAndValue()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Rtc:InterruptionTimeout"] = "00:00:00",
            ["Rtc:ConnectionLostTimeout"] = "-00:00:05",
        });
        builder.Services.AddRtcConnection(builder.Configuration.GetSection("Rtc"));
        using var host = builder.Build();

        var error = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(error!.Message, Is.EqualTo(
            "Rtc:InterruptionTimeout must be greater than zero; it was 00:00:00.; Rtc:ConnectionLostTimeout must be greater than zero; it was -00:00:05."));
        Assert.That(error.OptionsType, Is.EqualTo(typeof(RtcConnectionOptions)));
    }

    [Test]
    public void MalformedValue_FailsAtStart_NamingTheKey()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Rtm:LoginTimeout"] = "six seconds" });
        builder.Services.AddRtmConnection(builder.Configuration.GetSection("Rtm"));
        using var host = builder.Build();

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.That(error!.Message, Does.Contain("Rtm:LoginTimeout").And.Contain("System.TimeSpan"));
    }

    [Test]
    public void NamedConnections_GetTheirOwnOptions()
    {
        var time = new FakeTimeProvider();
        var services = new ServiceCollection();
        services.AddSingleton<ITimeProvider>(time);
        services.AddRtcConnection("primary", o => o.InterruptionTimeout = Sec(1));
        services.AddRtcConnection("backup", o => o.InterruptionTimeout = Sec(3));
        using var provider = services.BuildServiceProvider();
        var primary = provider.GetRequiredKeyedService<RtcConnectionStateMachine>("primary");
        var backup = provider.GetRequiredKeyedService<RtcConnectionStateMachine>("backup");
        foreach (var machine in new[] { primary, backup })
        {
            machine.JoinChannel();
            machine.ReportJoinSuccess();
        }

        time.Advance(Sec(2));

        Assert.That(primary, Is.Not.SameAs(backup));
        Assert.That((primary.State, backup.State), Is.EqualTo((ConnectionState.Reconnecting, ConnectionState.Connected)));
        Assert.That(provider.GetRequiredService<IOptionsMonitor<RtcConnectionOptions>>().Get("backup").InterruptionTimeout, Is.EqualTo(Sec(3)));
    }

    [Test]
    public void NamedConnection_FromConfiguration_IsValidatedAtStartToo()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Backup:OfflineTimeout"] = "00:05:00" });
        builder.Services.AddRemoteUserTracker("backup", builder.Configuration.GetSection("Backup"));
        using var host = builder.Build();

        var error = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(error!.OptionsName, Is.EqualTo("backup"));
        Assert.That(error.Message, Is.EqualTo(
            "Backup:OfflineTimeout must be shorter than PeerLeaveTimeout, since a user is reported offline before the server lets go of it; they were 00:05:00 and 00:03:00."));
    }

    [Test]
    public void FakeTimeProvider_ReplacesTheClock_AndTheTimelineWalksThroughDi()
    {
        var time = new FakeTimeProvider();
        var services = new ServiceCollection();
        services.AddRtcConnection();
        services.AddSingleton<ITimeProvider>(time);
        using var provider = services.BuildServiceProvider();
        var machine = provider.GetRequiredService<RtcConnectionStateMachine>();
        var states = new List<(TimeSpan, ConnectionState)>();
        machine.EventRaised += (_, e) =>
        {
            if (e is ConnectionStateChanged changed)
            {
                states.Add((time.Elapsed, changed.State));
            }
        };

        machine.JoinChannel();
        time.Advance(Ms(200));
        machine.ReportJoinSuccess();
        time.Advance(Min(21));

        Assert.That(states, Is.EqualTo(new[]
        {
            (TimeSpan.Zero, ConnectionState.Connecting),
            (Ms(200), ConnectionState.Connected),
            (Ms(4200), ConnectionState.Reconnecting),
            (Ms(4200) + Min(20), ConnectionState.Failed),
        }));
    }

    [Test]
    public void RegisteredTimeProvider_IsAdapted()
    {
        var services = new ServiceCollection();
        var timeProvider = new ManualTimeProvider();
        services.AddSingleton<TimeProvider>(timeProvider);
        services.AddRtcConnection();
        using var provider = services.BuildServiceProvider();

        var adapter = provider.GetRequiredService<ITimeProvider>();

        Assert.That(adapter, Is.TypeOf<TimeProviderAdapter>());
        Assert.That(((TimeProviderAdapter)adapter).TimeProvider, Is.SameAs(timeProvider));
    }

    [Test]
    public void RegisteredTimeProvider_ThatIsTheLibrarysFake_IsUsedAsItIs_OneClockForAppAndMachines()
    {
        var services = new ServiceCollection();
        var time = new FakeTimeProvider();
        services.AddSingleton<TimeProvider>(time);
        services.AddRtcConnection();
        using var provider = services.BuildServiceProvider();

        Assert.That(provider.GetRequiredService<ITimeProvider>(), Is.SameAs(time));
        var machine = provider.GetRequiredService<RtcConnectionStateMachine>();
        machine.JoinChannel();
        machine.ReportJoinSuccess();
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.That(machine.State, Is.EqualTo(ConnectionState.Reconnecting));
    }

    [Test]
    public void RegisteredMicrosoftFake_DrivesTheMachines()
    {
        var services = new ServiceCollection();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        services.AddSingleton<TimeProvider>(time);
        services.AddRtcConnection();
        using var provider = services.BuildServiceProvider();
        var machine = provider.GetRequiredService<RtcConnectionStateMachine>();
        machine.JoinChannel();
        machine.ReportJoinSuccess();

        time.Advance(TimeSpan.FromMinutes(25));

        Assert.That(machine.State, Is.EqualTo(ConnectionState.Failed));
    }

    [Test]
    public void NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => ((IServiceCollection)null!).AddRtcConnection());
        Assert.Throws<ArgumentNullException>(() => new ServiceCollection().AddRtcConnection(name: null!, configure: null));
        Assert.Throws<ArgumentNullException>(() => new ServiceCollection().AddRtmConnection((IConfiguration)null!));
    }

    private sealed class ManualTimeProvider : TimeProvider
    {
    }
}
