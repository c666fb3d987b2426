using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Agora.Connectivity.Tests.DependencyInjection;

/// <summary>Misconfiguration is loud at start (issue 28, items 1 and 2): a host as a service builds it, from a JSON file.</summary>
public class ConfigurationErrorsTests
{
    [Test]
    public void ABareNumber_ReadAsDays_FailsAtStart_NamingThePathTheValueAndTheFormat()
    {
        using var host = HostWith("""{ "Agora": { "Rtc": { "main": { "InterruptionTimeout": 4 } } } }""", (services, configuration) => services.AddRtcConnection("main", configuration.GetSection("Agora:Rtc:main")));

        var error = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(error!.Failures, Is.EqualTo(new[]
        {
            "Agora:Rtc:main:InterruptionTimeout must be at most 00:01:00; it was 4.00:00:00. Timeouts are written as hh:mm:ss (00:00:04 is 4 seconds; a bare 4 is read as 4 days).",
        }));
    }

    [Test]
    public void AMisspelledKey_FailsAtStart_NamingItsPath_AndTheSettingsThereAre()
    {
        using var host = HostWith("""{ "Agora": { "Rtm": { "InteruptionTimeout": "00:00:04" } } }""", (services, configuration) => services.AddRtmConnection(configuration.GetSection("Agora:Rtm")));

        var error = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(error!.Failures, Is.EqualTo(new[]
        {
            "Agora:Rtm:InteruptionTimeout is not a setting of the RTM connection: the section Agora:Rtm binds RtmConnectionOptions, whose settings are "
            + "FollowSdk, FollowTolerance, InterruptionTimeout, LoginTimeout, PresenceTimeout, TokenExpiryWarning (and a Reconnect section, for its reconnect driver's backoff). Keep the app's own settings (an App ID, a token, a channel name) "
            + "in a section of the app's, outside Agora:Rtm; a misspelled setting would keep its default, so an unknown key stops the start.",
        }));
        Assert.That(error.OptionsType, Is.EqualTo(typeof(RtmConnectionOptions)));
    }

    // Issue 38: a backend team's app keys beside the library's, under a named link.
    [Test]
    public void AnAppsKeysBesideTheLibrarys_UnderANamedLink_FailAtStart_NamingThePathTheLinkAndWhereAppSettingsBelong()
    {
        using var host = HostWith(
            """{ "Agora": { "RtmLink": { "chat": { "AppId": "abc", "Token": "t", "HeartbeatInterval": "00:00:05" } } } }""",
            (services, configuration) => services.AddRtmLinkConnection("chat", configuration.GetSection("Agora:RtmLink:chat")));

        var error = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(error!.OptionsName, Is.EqualTo("chat"));
        Assert.That(error.Failures.Single(), Does.StartWith("Agora:RtmLink:chat:AppId, Agora:RtmLink:chat:Token are not settings of the RTM 2.x link 'chat': the section Agora:RtmLink:chat binds RtmLinkOptions")
            .And.Contain("outside Agora:RtmLink:chat"));
    }

    [Test]
    public void AReconnectValue_ThatIsNoSection_IsAnUnknownKey_AndATrackerHasNoReconnectSection()
    {
        using var flag = HostWith("""{ "Agora": { "Rtc": { "Reconnect": "true" } } }""", (services, configuration) => services.AddRtcConnection(configuration.GetSection("Agora:Rtc")));
        Assert.That(Assert.ThrowsAsync<OptionsValidationException>(() => flag.StartAsync())!.Failures.Single(), Does.StartWith("Agora:Rtc:Reconnect is not a setting of the RTC connection"));

        using var tracker = HostWith("""{ "Users": { "Reconnect": { "InitialBackoff": "00:00:01" } } }""", (services, configuration) => services.AddRemoteUserTracker("lobby", configuration.GetSection("Users")));
        Assert.That(Assert.ThrowsAsync<OptionsValidationException>(() => tracker.StartAsync())!.Failures.Single(), Does.StartWith("Users:Reconnect is not a setting of the remote-user tracker 'lobby'").And.Not.Contains("reconnect driver"));
    }

    [Test]
    public void TheEventContext_IsSetInCodeOnly_AKeyForItIsUnknown()
    {
        using var host = HostWith("""{ "Agora": { "Rtc": { "EventContext": "ui" } } }""", (services, configuration) => services.AddRtcConnection(configuration.GetSection("Agora:Rtc")));

        var error = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(error!.Failures.Single(), Does.StartWith("Agora:Rtc:EventContext is not a setting of the RTC connection").And.Not.Contains("EventContext,"));
    }

    [Test]
    public void KeysAreMatchedAsTheBinderMatchesThem_WhateverTheirCase_AndARootConfigurationIsNamedByItsConnection()
    {
        using var cased = HostWith("""{ "Agora": { "Rtc": { "interruptiontimeout": "00:00:05" } } }""", (services, configuration) => services.AddRtcConnection(configuration.GetSection("Agora:Rtc")));
        Assert.That(() => cased.StartAsync().GetAwaiter().GetResult(), Throws.Nothing);
        Assert.That(cased.Services.GetRequiredService<IOptionsMonitor<RtcConnectionOptions>>().CurrentValue.InterruptionTimeout, Is.EqualTo(TimeSpan.FromSeconds(5)));

        using var root = HostWith("""{ "OfflineTimeout": "00:00:30", "Logging": { "LogLevel": { "Default": "Warning" } } }""", (services, configuration) => services.AddRemoteUserTracker("lobby", configuration));
        var error = Assert.ThrowsAsync<OptionsValidationException>(() => root.StartAsync());
        Assert.That(error!.Failures.Single(), Does.StartWith("Logging is not a setting of the remote-user tracker 'lobby': the configuration given for the remote-user tracker 'lobby' binds RemoteUserTrackerOptions"));
    }

    [Test]
    public void TwoConnections_ReadApart_EachMessageNamesItsOwnPath_OrItsName()
    {
        using var host = HostWith(
            """{ "Agora": { "Rtc": { "main": { "InterruptionTimeout": "-00:00:01" } } } }""",
            (services, configuration) =>
            {
                services.AddRtcConnection("main", configuration.GetSection("Agora:Rtc:main"));
                services.AddRtcConnection("backup", options => options.ConnectionLostTimeout = TimeSpan.Zero);
            });

        // The host validates every named options instance at start and reports them together.
        var error = Assert.ThrowsAsync<AggregateException>(() => host.StartAsync());
        var failures = error!.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures).ToList();

        Assert.That(failures, Is.EquivalentTo(new[]
        {
            "Agora:Rtc:main:InterruptionTimeout must be greater than zero; it was -00:00:01.",
            "RtcConnectionOptions 'backup': ConnectionLostTimeout must be greater than zero; it was 00:00:00.",
        }));
    }

    private static IHost HostWith(string json, Action<IServiceCollection, IConfiguration> configure)
        => TestHosts.Build(json, configure);
}
