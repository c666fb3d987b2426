using Agora.Connectivity.Rtc;
using Agora.Connectivity.Sdk;
using BenchmarkDotNet.Attributes;

namespace Agora.Connectivity.Benchmarks;

/// <summary>
/// Issue 36: what following an SDK costs on its callback thread. A forwarded report that changes the state, beside the modelled
/// machine's transition of the same steps (the baseline: it should cost no more), and a repeated report (it should allocate nothing).
/// </summary>
[MemoryDiagnoser]
public class FollowBenchmarks
{
    private RtcConnectionStateMachine _modelled = null!;
    private RtcSdkFollower _follower = null!;
    private RtcSdkFollower _connected = null!;
    private long _sink;

    [GlobalSetup]
    public void Setup()
    {
        _modelled = new RtcConnectionStateMachine();
        _modelled.EventRaised += (_, e) => _sink = e.Timestamp.Ticks;
        _follower = new RtcSdkFollower(null, null, TimeProvider.System, null);
        _follower.EventRaised += (_, e) => _sink = e.Timestamp.Ticks;
        _connected = new RtcSdkFollower(null, null, TimeProvider.System, null);
        _connected.OnConnectionStateChanged(2, 0);
        _connected.OnConnectionStateChanged(3, 1);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _modelled.Dispose();
        _follower.Dispose();
        _connected.Dispose();
    }

    /// <summary>Join, join accepted, leave on the modelled machine with one subscriber, per transition (of three).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = 3)]
    public void ModelledTransition()
    {
        _modelled.JoinChannel();
        _modelled.ReportJoinSuccess();
        _modelled.LeaveChannel();
    }

    /// <summary>The same three steps forwarded as the SDK reports them (CONNECTING, CONNECTED, DISCONNECTED), with one subscriber.</summary>
    [Benchmark(OperationsPerInvoke = 3)]
    public void ForwardedTransition()
    {
        _follower.OnConnectionStateChanged(2, 0);
        _follower.OnConnectionStateChanged(3, 1);
        _follower.OnConnectionStateChanged(1, 5);
    }

    /// <summary>CONNECTED reported again while connected, and the join's own callback after it: both repeats.</summary>
    [Benchmark(OperationsPerInvoke = 2)]
    public void RepeatedReport()
    {
        _connected.OnConnectionStateChanged(3, 1);
        _connected.OnJoinChannelSuccess();
    }
}
