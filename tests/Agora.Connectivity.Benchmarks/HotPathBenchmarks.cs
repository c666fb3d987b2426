using Agora.Connectivity.Presence;
using Agora.Connectivity.Rtc;
using BenchmarkDotNet.Attributes;

namespace Agora.Connectivity.Benchmarks;

/// <summary>
/// The per-packet paths against their floor and a naive baseline, and a transition's cost, side by
/// side in one run so the ratio column compares like with like.
/// </summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    private const int Users = 100_000;
    private const int Batch = 1024;

    private readonly object _naiveGate = new();
    private long _stamp;
    private Timer _naiveTimer = null!;
    private RtcConnectionStateMachine _connected = null!;
    private RtcConnectionStateMachine _cycled = null!;
    private RemoteUserTracker _tracker = null!;
    private System.Collections.Concurrent.ConcurrentDictionary<uint, object> _lookup = null!;
    private System.Collections.Concurrent.ConcurrentDictionary<uint, System.Runtime.CompilerServices.StrongBox<long>> _stamps = null!;
    private (uint Key, int Status, long Stamp)[] _slots = null!;
    private uint[] _shuffled = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _naiveTimer = new Timer(_ => { }, null, Timeout.Infinite, Timeout.Infinite);
        _connected = new RtcConnectionStateMachine();
        _connected.JoinChannel();
        _connected.ReportJoinSuccess();
        _cycled = new RtcConnectionStateMachine();
        _cycled.EventRaised += (_, e) => _stamp = e.Timestamp.Ticks;
        _tracker = new RemoteUserTracker();
        for (uint uid = 0; uid < Users; uid++)
        {
            _tracker.ReportUserJoined(uid);
        }

        _lookup = new System.Collections.Concurrent.ConcurrentDictionary<uint, object>();
        _stamps = new System.Collections.Concurrent.ConcurrentDictionary<uint, System.Runtime.CompilerServices.StrongBox<long>>();
        for (uint uid = 0; uid < Users; uid++)
        {
            _lookup[uid] = new object();
            _stamps[uid] = new System.Runtime.CompilerServices.StrongBox<long>();
        }

        _slots = new (uint, int, long)[1 << 18]; // the tracker's table at 100,000 users: 262,144 slots of 16 bytes

        var random = new Random(42);
        _shuffled = Enumerable.Range(0, Users).Select(i => (uint)i).OrderBy(_ => random.Next()).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _naiveTimer.Dispose();
        _connected.Dispose();
        _cycled.Dispose();
        _tracker.Dispose();
    }

    /// <summary>The least a per-packet report can cost: one volatile write of a coarse clock.</summary>
    [Benchmark(Baseline = true)]
    public void StampFloor() => Volatile.Write(ref _stamp, Environment.TickCount64);

    /// <summary>What a straightforward implementation does per packet: take a lock and re-arm the 4 s timer.</summary>
    [Benchmark]
    public void NaiveLockAndRearm()
    {
        lock (_naiveGate)
        {
            _naiveTimer.Change(4000, Timeout.Infinite);
        }
    }

    /// <summary><see cref="RtcConnectionStateMachine.ReportServerActivity"/> on a connected machine on the system clock.</summary>
    [Benchmark]
    public void RtcReportServerActivity() => _connected.ReportServerActivity();

    /// <summary><see cref="RemoteUserTracker.ReportUserActivity"/> with 100,000 users online, in a shuffled order.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void TrackerReportUserActivity()
    {
        var uids = _shuffled;
        var start = _next;
        for (var i = 0; i < Batch; i++)
        {
            _tracker.ReportUserActivity(uids[(start + i) % Users]);
        }

        _next = (start + Batch) % Users;
    }

    /// <summary>
    /// Reference for the tracker: only the lookup of a shuffled uid among 100,000 in a concurrent
    /// dictionary, which is where a per-user report's time goes (dependent cache misses).
    /// </summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public object? LookupOnlyReference()
    {
        var uids = _shuffled;
        var start = _next;
        object? found = null;
        for (var i = 0; i < Batch; i++)
        {
            _lookup.TryGetValue(uids[(start + i) % Users], out found);
        }

        _next = (start + Batch) % Users;
        return found;
    }

    /// <summary>
    /// Reference for the tracker: the lookup, then a read and a write of the user's own stamp object
    /// (what the tracker does besides reading the clock), to tell the record's cost from the clock's.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void LookupAndStampReference()
    {
        var uids = _shuffled;
        var start = _next;
        for (var i = 0; i < Batch; i++)
        {
            if (_stamps.TryGetValue(uids[(start + i) % Users], out var stamp) && Volatile.Read(ref stamp.Value) != start)
            {
                Volatile.Write(ref stamp.Value, start);
            }
        }

        _next = (start + Batch) % Users;
    }

    /// <summary>
    /// Reference for the tracker since its inline-slot table: only the memory it must touch, a read and a write of one 16-byte
    /// slot at the user's hashed index in an array of the table's size, without the clock, the probe or the checks. The tracker's
    /// ratio to this is its own overhead; this one's ratio to the floor is the machine's memory latency.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void SlotTouchReference()
    {
        var uids = _shuffled;
        var slots = _slots;
        var start = _next;
        for (var i = 0; i < Batch; i++)
        {
            ref var slot = ref slots[(int)((uids[(start + i) % Users] * 0x9E3779B9u) >> 14)];
            if (Volatile.Read(ref slot.Stamp) != start)
            {
                Volatile.Write(ref slot.Stamp, start);
            }
        }

        _next = (start + Batch) % Users;
    }

    /// <summary>Join, JoinSuccess, LeaveChannel with one subscriber: the cost of one transition (of three).</summary>
    [Benchmark(OperationsPerInvoke = 3)]
    public void TransitionWithOneSubscriber()
    {
        _cycled.JoinChannel();
        _cycled.ReportJoinSuccess();
        _cycled.LeaveChannel();
    }
}
