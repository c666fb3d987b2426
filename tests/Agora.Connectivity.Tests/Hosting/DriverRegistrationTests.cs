using Agora.Connectivity.Reconnect;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Testing;
using Agora.Connectivity.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.Hosting;

/// <summary>The reconnect drivers in a host (issue 28, item 8): keyed like their machines, started and stopped with the host.</summary>
public class DriverRegistrationTests
{
    [Test]
    public async Task RtcDriver_StartsWithTheHost_ConnectsOnJoin_RetriesAsConfigured_AndClosesWhenTheHostStops()
    {
        var time = new FakeTimeProvider();
        var log = new TransportLog();
        using var host = Host(time, """{ "Reconnect": { "InitialBackoff": "00:00:02", "Jitter": 0 } }""", (services, configuration) =>
        {
            services.AddSingleton(log);
            services.AddRtcConnection("main", configure: null);
            services.AddRtcConnectionDriver<ScriptedTransport>("main").Bind(configuration.GetSection("Reconnect"));
        });
        await host.StartAsync();
        var machine = host.Services.GetRequiredKeyedService<RtcConnectionStateMachine>("main");
        log.FailFirst = 1;

        machine.JoinChannel();
        time.Advance(TimeSpan.Zero);    // the first attempt starts from the machine's clock
        time.Advance(Sec(2));           // the configured 2 s backoff, no jitter

        Assert.That(log.Connects, Is.EqualTo(2));
        Assert.That(machine.State, Is.EqualTo(ConnectionState.Connected));
        Assert.That(host.Services.GetRequiredKeyedService<RtcConnectionDriver>("main").Policy, Is.TypeOf<ExponentialBackoffPolicy>().With.Property("InitialBackoff").EqualTo(Sec(2)));

        await host.StopAsync();
        Assert.That(log.Closes, Is.EqualTo(1), "the host's stop closed the transport");
    }

    [Test]
    public async Task RtmDriver_Unnamed_LogsIn()
    {
        var time = new FakeTimeProvider();
        var log = new TransportLog();
        using var host = Host(time, "{}", (services, _) =>
        {
            services.AddSingleton(log);
            services.AddRtmConnection();
            services.AddRtmConnectionDriver<ScriptedTransport>();
        });
        await host.StartAsync();
        var machine = host.Services.GetRequiredService<RtmConnectionStateMachine>();

        var login = machine.LoginAsync();
        time.Advance(TimeSpan.Zero);

        Assert.That(login.IsCompletedSuccessfully, Is.True);
        await host.StopAsync();
    }

    // The layout docs/operating.md shows: the driver's backoff in a "Reconnect" section inside the connection's own.
    [Test]
    public async Task TheDriversBackoff_InsideTheConnectionsSection_IsBound_AndIsNoUnknownKeyOfTheConnection()
    {
        var time = new FakeTimeProvider();
        var log = new TransportLog { FailFirst = 1 };
        using var host = Host(time, """{ "Agora": { "Rtc": { "main": { "InterruptionTimeout": "00:00:05", "Reconnect": { "InitialBackoff": "00:00:03", "Jitter": 0 } } } } }""", (services, configuration) =>
        {
            services.AddSingleton(log);
            services.AddRtcConnection("main", configuration.GetSection("Agora:Rtc:main"));
            services.AddRtcConnectionDriver<ScriptedTransport>("main").Bind(configuration.GetSection("Agora:Rtc:main:Reconnect"));
        });
        await host.StartAsync();
        var machine = host.Services.GetRequiredKeyedService<RtcConnectionStateMachine>("main");

        machine.JoinChannel();
        time.Advance(TimeSpan.Zero);
        time.Advance(TimeSpan.FromSeconds(3));

        Assert.That((machine.State, log.Connects), Is.EqualTo((ConnectionState.Connected, 2)));
        await host.StopAsync();
    }

    [Test]
    public void BadBackoffSettings_FailTheHostAtStart_NamingEachOne()
    {
        using var host = Host(new FakeTimeProvider(), """{ "Reconnect": { "Multiplier": 0.5, "Jitter": 2 } }""", (services, configuration) =>
        {
            services.AddSingleton(new TransportLog());
            services.AddRtcConnection("main", configure: null);
            services.AddRtcConnectionDriver<ScriptedTransport>("main").Bind(configuration.GetSection("Reconnect"));
        });

        var error = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(error!.Failures, Is.EqualTo(new[]
        {
            "ExponentialBackoffOptions 'main': Multiplier must be at least 1; it was 0.5.",
            "ExponentialBackoffOptions 'main': Jitter must be between 0 and 1; it was 2.",
        }));
    }

    [Test]
    public void Options_Defaults_AreGrpcs_AndCreateThePolicy()
    {
        var policy = new ExponentialBackoffOptions().CreatePolicy();

        Assert.That((policy.InitialBackoff, policy.Multiplier, policy.Jitter, policy.MaxBackoff, policy.MinConnectTimeout), Is.EqualTo((Sec(1), 1.6, 0.2, Sec(120), Sec(20))));
        Assert.That(() => new ExponentialBackoffOptions { MaxBackoff = TimeSpan.FromMilliseconds(500) }.CreatePolicy(),
            Throws.ArgumentException.With.Message.Contains("MaxBackoff must be at least InitialBackoff; they were 00:00:00.5000000 and 00:00:01."));
    }

    private static IHost Host(FakeTimeProvider time, string json, Action<IServiceCollection, IConfiguration> configure)
        => TestHosts.Build(json, configure, time);

    /// <summary>What the transport did; registered in the container, so the transport's constructor takes it from there.</summary>
    public sealed class TransportLog
    {
        public int FailFirst { get; set; }

        public int Connects { get; set; }

        public int Closes { get; set; }
    }

    /// <summary>Connects at once, failing the first <see cref="TransportLog.FailFirst"/> attempts.</summary>
    public sealed class ScriptedTransport(TransportLog log) : IConnectionTransport
    {
        public Task ConnectAsync(IConnectionSink sink, CancellationToken cancellationToken)
            => ++log.Connects <= log.FailFirst ? Task.FromException(new IOException("no route")) : Task.CompletedTask;

        public Task CloseAsync()
        {
            log.Closes++;
            return Task.CompletedTask;
        }
    }
}
