using System.Diagnostics.Metrics;
using Agora.Connectivity.Internal;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.Hosting;

/// <summary>
/// Issue 19, item 8: a machine built by a container with an <see cref="IMeterFactory"/> records on that factory's meter,
/// so hosts (and tests) in one process never see each other's measurements; without a factory, the shared meter.
/// A collector with a factory as its scope sees only that factory's meter; with a <see langword="null"/> scope, only the shared one.
/// </summary>
public class MeterFactoryTests
{
    private const string TransitionsName = "agora.connectivity.transitions";

    [Test]
    public void TwoContainers_EachCountsOnlyItsOwnMachines_AndTheSharedMeterSeesNeither()
    {
        using var first = Container(out var firstTime);
        using var second = Container(out var secondTime);
        using var firstCollector = Transitions(first.GetRequiredService<IMeterFactory>());
        using var secondCollector = Transitions(second.GetRequiredService<IMeterFactory>());
        using var shared = new MetricCollector<long>(null, ConnectivityMetrics.MeterName, TransitionsName);

        var firstMachine = first.GetRequiredService<RtcConnectionStateMachine>();
        firstMachine.JoinChannel();
        firstMachine.ReportJoinSuccess();
        firstTime.Advance(Sec(4));
        var secondMachine = second.GetRequiredService<RtmConnectionStateMachine>();
        _ = secondMachine.LoginAsync();
        secondTime.Advance(Sec(6));

        Assert.That(Describe(firstCollector), Is.EqualTo(new[] { "rtc Connecting", "rtc Connected", "rtc Reconnecting" }));
        Assert.That(Describe(secondCollector), Is.EqualTo(new[] { "rtm Connecting", "rtm Disconnected" }));
        Assert.That(shared.GetMeasurementSnapshot(), Is.Empty);
    }

    [Test]
    public void HostsOnParallelThreads_CountExactlyTheirOwnTransitions()
    {
        const int Hosts = 4;
        const int Rounds = 200;
        var counts = new long[Hosts];

        Parallel.For(0, Hosts, new ParallelOptions { MaxDegreeOfParallelism = Hosts }, index =>
        {
            using var host = Container(out _);
            using var collector = Transitions(host.GetRequiredService<IMeterFactory>());
            var machine = host.GetRequiredService<RtcConnectionStateMachine>();
            for (var round = 0; round < Rounds * (index + 1); round++)
            {
                machine.JoinChannel();
                machine.LeaveChannel();
            }

            counts[index] = collector.GetMeasurementSnapshot().Sum(m => m.Value);
        });

        Assert.That(counts, Is.EqualTo(Enumerable.Range(1, Hosts).Select(i => 2L * Rounds * i)));
    }

    [Test]
    public void AHostsOwnFactory_IsUsedWithoutAnyRegistrationOfOurs()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var time = new FakeTimeProvider();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddMetrics();
        builder.Services.AddRtcConnection();
        using var host = builder.Build();
        using var collector = new MetricCollector<long>(host.Services.GetRequiredService<IMeterFactory>(), ConnectivityMetrics.MeterName, "agora.connectivity.failures");

        var machine = host.Services.GetRequiredService<RtcConnectionStateMachine>();
        machine.JoinChannel();
        machine.ReportBanned();

        Assert.That(collector.GetMeasurementSnapshot().Select(m => m.Tags["agora.reason"]), Is.EqualTo(new[] { "BannedByServer" }));
    }

    [Test]
    public void MachinesOfOneFactory_ShareOneMeterAndOneSetOfInstruments()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();

        var metrics = ConnectivityMetrics.For(factory);

        Assert.That(ConnectivityMetrics.For(factory), Is.SameAs(metrics));
        Assert.That(metrics, Is.Not.SameAs(ConnectivityMetrics.Shared));
        Assert.That(metrics.Meter.Name, Is.EqualTo(ConnectivityMetrics.MeterName));
        Assert.That(metrics.Meter.Version, Is.EqualTo(ConnectivityMetrics.Shared.Meter.Version).And.Not.Null);
        Assert.That(metrics.Meter.Scope, Is.SameAs(factory));
        Assert.That(ConnectivityMetrics.For(null), Is.SameAs(ConnectivityMetrics.Shared));
    }

    [Test]
    public void WithoutDependencyInjection_TheConstructorTakesAFactory()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        var time = new FakeTimeProvider();
        using var collector = Transitions(factory);
        using var rtc = new RtcConnectionStateMachine(null, time, null, factory);
        using var rtm = new RtmConnectionStateMachine(null, time, null, factory);

        rtc.JoinChannel();
        _ = rtm.LoginAsync();
        rtm.ReportLoginSuccess();

        Assert.That(Describe(collector), Is.EqualTo(new[] { "rtc Connecting", "rtm Connecting", "rtm Connected" }));
    }

    [Test]
    public void AContainerWithoutAFactory_RecordsOnTheSharedMeter()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ITimeProvider>(new FakeTimeProvider());
        services.AddRtcConnection();
        using var provider = services.BuildServiceProvider();
        var machine = provider.GetRequiredService<RtcConnectionStateMachine>();
        using var shared = new MetricCollector<long>(null, ConnectivityMetrics.MeterName, TransitionsName);

        machine.JoinChannel();

        // The shared meter is process-wide: other tests' machines may add to it, so look for this machine's own change.
        Assert.That(shared.GetMeasurementSnapshot().Select(m => m.Tags["agora.state"]), Does.Contain("Connecting"));
    }

    [Test]
    public void AFactoryThatReturnsNoMeter_IsReportedWhenTheMachineIsBuilt()
    {
        var factory = new Moq.Mock<IMeterFactory>().Object;

        var error = Assert.Throws<InvalidOperationException>(() => _ = new RtcConnectionStateMachine(null, new FakeTimeProvider(), null, factory));

        Assert.That(error!.Message, Does.Contain("returned no meter for 'Agora.Connectivity'"));
    }

    [Test]
    public void AfterTheContainerIsDisposed_ItsMeterIsGone_AndAMachineBuiltEarlierStillRuns()
    {
        var services = new ServiceCollection().AddMetrics();
        var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IMeterFactory>();
        var time = new FakeTimeProvider();
        using var machine = new RtcConnectionStateMachine(null, time, null, factory);
        using var collector = Transitions(factory);
        machine.JoinChannel();

        provider.Dispose();
        machine.ReportJoinSuccess();
        time.Advance(Sec(4));

        Assert.That(machine.State, Is.EqualTo(ConnectionState.Reconnecting));
        Assert.That(Describe(collector), Is.EqualTo(new[] { "rtc Connecting" }));
    }

    private static ServiceProvider Container(out FakeTimeProvider time)
    {
        time = new FakeTimeProvider();
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddSingleton<TimeProvider>(time);
        services.AddRtcConnection();
        services.AddRtmConnection();
        return services.BuildServiceProvider();
    }

    private static MetricCollector<long> Transitions(IMeterFactory factory)
        => new(factory, ConnectivityMetrics.MeterName, TransitionsName);

    private static string[] Describe(MetricCollector<long> collector)
        => [.. collector.GetMeasurementSnapshot().Select(m => $"{m.Tags["agora.machine"]} {m.Tags["agora.state"]}")];
}
