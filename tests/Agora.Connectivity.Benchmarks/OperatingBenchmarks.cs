using System.Diagnostics;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Testing;
using BenchmarkDotNet.Attributes;

namespace Agora.Connectivity.Benchmarks;

/// <summary>
/// What the operating features (the outage trace, the event stream) cost a transition when nobody uses them, and what they
/// cost when someone does. One outage per operation: Connected, 4 s of silence on a fake clock, Reconnecting (an outage
/// starts), the rejoin accepted, Connected (it ends). BenchmarkDotNet runs each benchmark in a process of its own, so the
/// listener one benchmark sets up is never seen by another.
/// </summary>
[MemoryDiagnoser]
public class OperatingBenchmarks
{
    private static readonly TimeSpan Silence = TimeSpan.FromSeconds(4);

    private FakeTimeProvider _time = null!;
    private RtcConnectionStateMachine _machine = null!;
    private ActivityListener? _listener;
    private long _sink;

    /// <summary>No listener on any source, no stream ever opened.</summary>
    [GlobalSetup(Targets = [nameof(OutageCycleUnused)])]
    public void SetupUnused() => Connect();

    /// <summary>An app that traces other sources (ASP.NET, HttpClient) but not the library's.</summary>
    [GlobalSetup(Targets = [nameof(OutageCycleListenerOnAnotherSource)])]
    public void SetupListenerOnAnotherSource()
    {
        _listener = Listen(source => source.Name == "Some.Other.Source");
        Connect();
    }

    /// <summary>An event stream read once and ended: what it leaves behind.</summary>
    [GlobalSetup(Targets = [nameof(OutageCycleAfterAStreamEnded)])]
    public void SetupAfterAStreamEnded()
    {
        Connect();
        using var stop = new CancellationTokenSource();
        var stream = _machine.ReadEventsAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        var first = stream.MoveNextAsync().AsTask();
        _time.Advance(Silence);
        _machine.ReportJoinSuccess();
        first.GetAwaiter().GetResult();
        stop.Cancel();
        stream.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>The library's source listened to, every outage recorded: the trace's own cost.</summary>
    [GlobalSetup(Targets = [nameof(OutageCycleTraced)])]
    public void SetupTraced()
    {
        _listener = Listen(source => source.Name == "Agora.Connectivity");
        Connect();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _machine.Dispose();
        _listener?.Dispose();
    }

    /// <summary>Connected → Reconnecting → Connected with one subscriber; nothing listens.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = 2)]
    public void OutageCycleUnused() => Outage();

    /// <summary>The same, while the app listens to another source.</summary>
    [Benchmark(OperationsPerInvoke = 2)]
    public void OutageCycleListenerOnAnotherSource() => Outage();

    /// <summary>The same, on a machine whose event stream was read and ended.</summary>
    [Benchmark(OperationsPerInvoke = 2)]
    public void OutageCycleAfterAStreamEnded() => Outage();

    /// <summary>The same, with the library's outages traced.</summary>
    [Benchmark(OperationsPerInvoke = 2)]
    public void OutageCycleTraced() => Outage();

    private static ActivityListener Listen(Func<ActivitySource, bool> listenTo)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = listenTo,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    private void Connect()
    {
        _time = new FakeTimeProvider();
        _machine = new RtcConnectionStateMachine(timeProvider: _time);
        _machine.EventRaised += (_, e) => _sink = e.Timestamp.Ticks;
        _machine.JoinChannel();
        _machine.ReportJoinSuccess();
    }

    private void Outage()
    {
        _time.Advance(Silence);
        _machine.ReportJoinSuccess();
    }
}
