using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Rtm2;
using Agora.Connectivity.Testing;
using Agora.Connectivity.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Agora.Connectivity.Tests.Hosting;

/// <summary>
/// A generic host started and stopped, as a backend team runs named RTM 2.x links beside RTC and RTM connections (issue 38): on stop,
/// each connection the container created leaves its channel or logs out, with a log line on its own category.
/// </summary>
public class HostStopTests
{
    [Test]
    public async Task OnStop_EveryConnectionTheContainerCreated_LeavesOrLogsOut_SayingSoOnItsOwnCategory()
    {
        var time = new FakeTimeProvider();
        var logs = new FakeLoggerProvider();
        using var host = HostWith(
            """{ "Agora": { "RtmLink": { "chat": { "HeartbeatInterval": "00:00:05" }, "presence": { } } } }""",
            time,
            logs,
            (services, configuration) =>
            {
                services.AddRtcConnection("main", options => { });
                services.AddRtmConnection();
                services.AddRtmLinkConnection("chat", configuration.GetSection("Agora:RtmLink:chat"));
                services.AddRtmLinkConnection("presence", configuration.GetSection("Agora:RtmLink:presence"));
                services.AddRtcConnection("never-used", options => { });
            });
        await host.StartAsync();
        var rtc = host.Services.GetRequiredKeyedService<RtcConnectionStateMachine>("main");
        var rtm = host.Services.GetRequiredService<RtmConnectionStateMachine>();
        var chat = host.Services.GetRequiredKeyedService<RtmLinkStateMachine>("chat");
        var presence = host.Services.GetRequiredKeyedService<RtmLinkStateMachine>("presence");
        rtc.JoinChannel();
        rtc.ReportJoinSuccess();
        var login = rtm.LoginAsync();
        rtm.ReportLoginSuccess();
        await login;
        var chatLogin = chat.LoginAsync();
        chat.ReportLoginSuccess();
        await chatLogin;
        // presence never logged in: nothing to end

        await host.StopAsync();

        Assert.That((rtc.State, rtm.State, chat.State, presence.State), Is.EqualTo((ConnectionState.Disconnected, RtmConnectionState.Disconnected, RtmLinkState.Idle, RtmLinkState.Idle)));
        var stopped = logs.Entries.Where(e => e.Entry.EventName == "StoppedWithHost").Select(e => (e.Category, e.Entry.Level, e.Entry.Message)).ToList();
        Assert.That(stopped, Is.EquivalentTo(new[]
        {
            ("Agora.Connectivity.Rtc.RtcConnectionStateMachine.main", LogLevel.Information, "RtcConnectionStateMachine: the host is stopping: left the channel (it was Connected)."),
            ("Agora.Connectivity.Rtm.RtmConnectionStateMachine", LogLevel.Information, "RtmConnectionStateMachine: the host is stopping: logged out (it was Connected)."),
            ("Agora.Connectivity.Rtm2.RtmLinkStateMachine.chat", LogLevel.Information, "RtmLinkStateMachine: the host is stopping: logged out (it was Connected)."),
        }));
    }

    [Test]
    public async Task OnStop_AConnectionTheAppDisposedOrLeftItself_IsLeftAlone()
    {
        var time = new FakeTimeProvider();
        var logs = new FakeLoggerProvider();
        using var host = HostWith("{}", time, logs, (services, _) =>
        {
            services.AddRtcConnection("a", options => { });
            services.AddRtcConnection("b", options => { });
        });
        await host.StartAsync();
        var a = host.Services.GetRequiredKeyedService<RtcConnectionStateMachine>("a");
        var b = host.Services.GetRequiredKeyedService<RtcConnectionStateMachine>("b");
        a.JoinChannel();
        a.Dispose();
        b.JoinChannel();
        b.LeaveChannel();

        Assert.That(async () => await host.StopAsync(), Throws.Nothing);
        Assert.That(logs.Entries.Where(e => e.Entry.EventName == "StoppedWithHost"), Is.Empty);
    }

    [Test]
    public async Task OnStop_AnRtmConnectionStillLoggingIn_LogsOut_WithinTheStopsToken()
    {
        var time = new FakeTimeProvider();
        using var host = HostWith("{}", time, new FakeLoggerProvider(), (services, _) => services.AddRtmConnection());
        await host.StartAsync();
        var rtm = host.Services.GetRequiredService<RtmConnectionStateMachine>();
        _ = rtm.LoginAsync();   // still logging in: the stop logs out, which ends the login

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await host.StopAsync(timeout.Token);

        Assert.That(rtm.State, Is.EqualTo(RtmConnectionState.Disconnected));
    }

    private static IHost HostWith(string json, FakeTimeProvider time, FakeLoggerProvider logs, Action<IServiceCollection, IConfiguration> configure)
        => TestHosts.Build(json, configure, time, logs);
}
