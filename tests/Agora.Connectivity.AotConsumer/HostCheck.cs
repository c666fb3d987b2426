using System.Runtime.CompilerServices;
using Agora.Connectivity.Rtm2;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Agora.Connectivity.AotConsumer;

/// <summary>
/// The DependencyInjection package under Native AOT (issue 38): with <c>AGORA_AOT_HOST=1</c> the published binary, before the timeline,
/// runs a generic host as a service does — named RTM 2.x links bound from configuration (the binder's generated code), a link's
/// driver, a health check's state, the stop's logout — and then a host whose section holds an app key, which must stop at start with
/// the library's message; and (issue 36) an RTC connection bound to follow the SDK, whose keyed follower reads an SDK 4.0.1 value.
/// It prints what it saw and exits; NativeAotTests compares that with the JIT build's output.
/// </summary>
internal static class HostCheck
{
    [ModuleInitializer]
    internal static void RunWhenAsked()
    {
        if (Environment.GetEnvironmentVariable("AGORA_AOT_HOST") != "1")
        {
            return;
        }

        Run().GetAwaiter().GetResult();
        Environment.Exit(0);
    }

    private static async Task Run()
    {
        var time = new Testing.FakeTimeProvider();
        using (var host = Build(time, """{ "Agora": { "RtmLink": { "chat": { "HeartbeatInterval": "00:00:10", "KeepAlive": "AnyPacket" } } } }"""))
        {
            await host.StartAsync();
            var chat = host.Services.GetRequiredKeyedService<RtmLinkStateMachine>("chat");
            var options = host.Services.GetRequiredService<IOptionsMonitor<RtmLinkOptions>>().Get("chat");
            Console.WriteLine($"bound: HeartbeatInterval={options.HeartbeatInterval} KeepAlive={options.KeepAlive}");
            var login = chat.LoginAsync();
            chat.ReportLoginSuccess();
            await login;
            time.Advance(TimeSpan.FromSeconds(15));
            Console.WriteLine($"after 15 s of silence: {chat.State}");
            await host.StopAsync();
            Console.WriteLine($"after the stop: {chat.State}");
        }

        // Issue 36: a connection bound to follow the SDK (SdkVersion a Version, by the binder's generated code) and its keyed follower.
        using (var host = Build(time, """{ "Agora": { "RtmLink": { "chat": { } }, "Rtc": { "main": { "FollowSdk": true, "SdkVersion": "4.0.1" } } } }"""))
        {
            await host.StartAsync();
            var events = host.Services.GetRequiredKeyedService<Sdk.IRtcEngineEvents>("main");
            var follower = host.Services.GetRequiredKeyedService<Sdk.RtcSdkFollower>("main");
            Rtc.ConnectionStateChanged? last = null;
            follower.EventRaised += (_, e) => last = e as Rtc.ConnectionStateChanged ?? last;
            events.OnConnectionStateChanged(2, 0);
            events.OnConnectionStateChanged(5, 22);
            Console.WriteLine($"following SDK {follower.SdkVersion}: {follower.Connection.State}, {last?.Reason}");
            await host.StopAsync();
        }

        using var bad = Build(time, """{ "Agora": { "RtmLink": { "chat": { "AppId": "abc" } } } }""");
        try
        {
            await bad.StartAsync();
            Console.WriteLine("an app key was accepted");
        }
        catch (OptionsValidationException error)
        {
            Console.WriteLine($"refused at start: {error.Failures.Single()[..error.Failures.Single().IndexOf(':', 25)]}");
        }
    }

    private static IHost Build(TimeProvider time, string json)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)));
        builder.Services.AddSingleton(time);
        builder.Logging.SetMinimumLevel(LogLevel.None);
        builder.Services.AddRtmLinkConnection("chat", builder.Configuration.GetSection("Agora:RtmLink:chat"));
        if (builder.Configuration.GetSection("Agora:Rtc:main").Exists())
        {
            builder.Services.AddRtcConnection("main", builder.Configuration.GetSection("Agora:Rtc:main"));
        }

        return builder.Build();
    }
}
