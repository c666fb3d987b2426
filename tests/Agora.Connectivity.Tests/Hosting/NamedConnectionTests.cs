using System.Diagnostics.Metrics;
using Agora.Connectivity.Internal;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Testing;
using Agora.Connectivity.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.Hosting;

/// <summary>Two keyed connections read apart in the logs and the metrics (issue 28, item 4; contract, "Operating it").</summary>
public class NamedConnectionTests
{
    [Test]
    public async Task TwoNamedConnections_LogUnderTheirOwnCategories_AndCarryTheirNameAsAMetricTag()
    {
        var time = new FakeTimeProvider();
        var logs = new FakeLoggerProvider();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Information);
        builder.Services.AddRtcConnection("main", configure: null);
        builder.Services.AddRtcConnection("backup", configure: null);
        builder.Services.AddRtcConnection();
        using var host = builder.Build();
        await host.StartAsync();
        using var interruptions = new MetricCollector<long>(host.Services.GetRequiredService<IMeterFactory>(), ConnectivityMetrics.MeterName, "agora.connectivity.interruptions");
        var main = host.Services.GetRequiredKeyedService<RtcConnectionStateMachine>("main");
        var backup = host.Services.GetRequiredKeyedService<RtcConnectionStateMachine>("backup");
        var unnamed = host.Services.GetRequiredService<RtcConnectionStateMachine>();

        main.JoinChannel();
        main.ReportJoinSuccess();
        backup.JoinChannel();
        unnamed.JoinChannel();
        unnamed.ReportJoinSuccess();
        time.Advance(Sec(4));

        var categories = logs.Entries.Where(e => e.Entry.EventName == "StateChanged").Select(e => e.Category).Distinct();
        Assert.That(categories, Is.EquivalentTo(new[]
        {
            "Agora.Connectivity.Rtc.RtcConnectionStateMachine.main",
            "Agora.Connectivity.Rtc.RtcConnectionStateMachine.backup",
            "Agora.Connectivity.Rtc.RtcConnectionStateMachine",
        }));
        Assert.That(
            interruptions.GetMeasurementSnapshot().Select(m => m.Tags.TryGetValue("agora.connection", out var name) ? name : "(none)"),
            Is.EquivalentTo(new object?[] { "main", "(none)" }),
            "main and the unnamed one were interrupted; backup never connected");
        await host.StopAsync();
    }
}
