using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
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
    public void AMisspelledKey_FailsAtStart_ByTheBindersOwnCheck()
    {
        using var host = HostWith("""{ "Agora": { "Rtm": { "InteruptionTimeout": "00:00:04" } } }""", (services, configuration) => services.AddRtmConnection(configuration.GetSection("Agora:Rtm")));

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.That(error!.Message, Does.Contain("'InteruptionTimeout'").And.Contain("RtmConnectionOptions"));
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
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)));
        configure(builder.Services, builder.Configuration);
        return builder.Build();
    }
}
