using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.Hosting;

/// <summary>The connection health checks, run the way a service runs them: a generic host's <see cref="HealthCheckService"/>.</summary>
public class HealthCheckTests
{
    [Test]
    public async Task Rtc_DegradedWhileDisconnectedOrOnTheWay_HealthyWhileConnected_UnhealthyOnceFailed_WithStateReasonAndDuration()
    {
        var time = new FakeTimeProvider();
        using var host = Host(time, services =>
        {
            services.AddRtcConnection();
            services.AddHealthChecks().AddRtcConnectionHealthCheck();
        });
        await host.StartAsync();
        var machine = host.Services.GetRequiredService<RtcConnectionStateMachine>();

        await AssertHealth(host, "agora-rtc", HealthStatus.Degraded, "Disconnected", "none", TimeSpan.Zero);
        machine.JoinChannel();
        time.Advance(Sec(1));
        await AssertHealth(host, "agora-rtc", HealthStatus.Degraded, "Connecting", "Connecting", Sec(1));
        machine.ReportJoinSuccess();
        time.Advance(Sec(3));
        await AssertHealth(host, "agora-rtc", HealthStatus.Healthy, "Connected", "JoinSuccess", Sec(3));
        time.Advance(Sec(2));
        await AssertHealth(host, "agora-rtc", HealthStatus.Degraded, "Reconnecting", "Interrupted", Sec(1));
        time.Advance(Min(20));
        var report = await AssertHealth(host, "agora-rtc", HealthStatus.Unhealthy, "Failed", "JoinFailed", Sec(1));
        Assert.That(report.Entries["agora-rtc"].Description, Is.EqualTo("agora-rtc has been Failed (JoinFailed) for 1 s."));
        Assert.That(report.Entries["agora-rtc"].Tags, Is.EquivalentTo(new[] { "agora" }));
        await host.StopAsync();
    }

    [Test]
    public async Task Rtm_NamedConnections_EachItsOwnCheck_AbortedIsTheRegistrationsFailureStatus()
    {
        var time = new FakeTimeProvider();
        using var host = Host(time, services =>
        {
            services.AddRtmConnection("main", configure: null);
            services.AddRtmConnection("backup", configure: null);
            services.AddHealthChecks().AddRtmConnectionHealthCheck("main").AddRtmConnectionHealthCheck("backup");
        });
        await host.StartAsync();
        var main = host.Services.GetRequiredKeyedService<RtmConnectionStateMachine>("main");
        var backup = host.Services.GetRequiredKeyedService<RtmConnectionStateMachine>("backup");
        _ = main.LoginAsync();
        main.ReportLoginSuccess();
        _ = backup.LoginAsync();
        backup.ReportRemoteLogin();

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.That(report.Status, Is.EqualTo(HealthStatus.Unhealthy), "the worst entry decides");
        Assert.That(report.Entries["agora-rtm:main"].Status, Is.EqualTo(HealthStatus.Healthy));
        Assert.That(report.Entries["agora-rtm:backup"].Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(report.Entries["agora-rtm:backup"].Data["reason"], Is.EqualTo("RemoteLogin"));
        Assert.That(report.Entries["agora-rtm:main"].Data["connection"], Is.EqualTo("agora-rtm:main"));
        await host.StopAsync();
    }

    [Test]
    public async Task ACheckOfAConnectionNobodyRegistered_IsUnhealthy_NamingTheMissingService()
    {
        using var host = Host(new FakeTimeProvider(), services => services.AddHealthChecks().AddRtcConnectionHealthCheck("nowhere"));
        await host.StartAsync();

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        var entry = report.Entries["agora-rtc:nowhere"];
        Assert.That(entry.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(entry.Description, Is.EqualTo("No RtcConnectionStateMachine is registered under the name 'nowhere': register it with services.AddRtcConnection(\"nowhere\", ...)."));
        Assert.That(entry.Exception, Is.InstanceOf<InvalidOperationException>());
        await host.StopAsync();
    }

    [Test]
    public void NullBuilder_IsRefused()
    {
        Assert.That(() => ((IHealthChecksBuilder)null!).AddRtcConnectionHealthCheck(), Throws.ArgumentNullException);
        Assert.That(() => ((IHealthChecksBuilder)null!).AddRtmConnectionHealthCheck(), Throws.ArgumentNullException);
    }

    private static IHost Host(FakeTimeProvider time, Action<IServiceCollection> configure)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<TimeProvider>(time);
        configure(builder.Services);
        return builder.Build();
    }

    private static async Task<HealthReport> AssertHealth(IHost host, string name, HealthStatus status, string state, string reason, TimeSpan duration)
    {
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        var entry = report.Entries[name];
        Assert.That(entry.Status, Is.EqualTo(status), entry.Description);
        Assert.That(entry.Data["state"], Is.EqualTo(state));
        Assert.That(entry.Data["reason"], Is.EqualTo(reason));
        Assert.That(entry.Data["duration"], Is.EqualTo(duration));
        return report;
    }
}
