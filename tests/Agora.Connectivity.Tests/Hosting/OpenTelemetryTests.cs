using Agora.Connectivity.Rtc;
using Agora.Connectivity.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.Hosting;

/// <summary>
/// docs/metrics.md's OpenTelemetry set-up (<c>AddMeter("Agora.Connectivity")</c>) exports what a host's machines record on
/// the host's own meter; checked with OpenTelemetry's in-memory exporter in place of the console one.
/// </summary>
public class OpenTelemetryTests
{
    [Test]
    public async Task AddMeterByName_ExportsTheHostsTransitionsAndInterruptions()
    {
        var exported = new List<Metric>();
        var time = new FakeTimeProvider();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddRtcConnection();
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddMeter("Agora.Connectivity")
                .AddInMemoryExporter(exported));
        using var host = builder.Build();
        // As host.RunAsync() does: starting the host starts OpenTelemetry's listener.
        await host.StartAsync();
        var machine = host.Services.GetRequiredService<RtcConnectionStateMachine>();

        machine.JoinChannel();
        machine.ReportJoinSuccess();
        time.Advance(Sec(4));
        time.Advance(Sec(3));
        machine.ReportJoinSuccess();
        host.Services.GetRequiredService<MeterProvider>().ForceFlush();
        await host.StopAsync();

        Assert.That(Sum(exported, "agora.connectivity.transitions"), Is.EqualTo(4));
        Assert.That(Sum(exported, "agora.connectivity.interruptions"), Is.EqualTo(1));
        var rejoins = Points(exported, "agora.connectivity.rejoin.duration").Single();
        Assert.That((rejoins.GetHistogramCount(), rejoins.GetHistogramSum()), Is.EqualTo((1L, 3.0)));
    }

    private static long Sum(List<Metric> exported, string name)
    {
        var total = 0L;
        foreach (var point in Points(exported, name))
        {
            total += point.GetSumLong();
        }

        return total;
    }

    private static List<MetricPoint> Points(List<Metric> exported, string name)
    {
        var points = new List<MetricPoint>();
        foreach (var metric in exported.Where(m => m.Name == name && m.MeterName == "Agora.Connectivity"))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                points.Add(point);
            }
        }

        return points;
    }
}
