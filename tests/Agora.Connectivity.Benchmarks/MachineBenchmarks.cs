using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Rtm2;
using BenchmarkDotNet.Attributes;
using Stateless;

namespace Agora.Connectivity.Benchmarks;

/// <summary>
/// What a machine costs now that Stateless fires its transitions: a transition, an ignored report and
/// a construction, each beside a bare Stateless machine of the same shape, so the difference is our glue
/// (the lock, the dispatcher, the events, the timer and the logging).
/// </summary>
[MemoryDiagnoser]
public class MachineBenchmarks
{
    private RtcConnectionStateMachine _cycled = null!;
    private RtcConnectionStateMachine _connected = null!;
    private StateMachine<ConnectionState, string> _bare = null!;
    private ConnectionState _bareState;
    private long _sink;

    [GlobalSetup]
    public void Setup()
    {
        _cycled = new RtcConnectionStateMachine();
        _cycled.EventRaised += (_, e) => _sink = e.Timestamp.Ticks;
        _connected = new RtcConnectionStateMachine();
        _connected.JoinChannel();
        _connected.ReportJoinSuccess();
        // The bare machine starts where ours does: ConnectionState has no 0, and from the default state every trigger would be
        // unhandled (cheap, and no transition at all), which is what this benchmark measured until 2026-12-02.
        _bareState = ConnectionState.Disconnected;
        _bare = Bare(() => _bareState, s => _bareState = s);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _cycled.Dispose();
        _connected.Dispose();
    }

    /// <summary>Join, JoinSuccess, LeaveChannel with one subscriber, per transition (of three).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = 3)]
    public void TransitionWithOneSubscriber()
    {
        _cycled.JoinChannel();
        _cycled.ReportJoinSuccess();
        _cycled.LeaveChannel();
    }

    /// <summary>The same three transitions on a bare Stateless machine of the same shape: Stateless's share of a transition.</summary>
    [Benchmark(OperationsPerInvoke = 3)]
    public void BareStatelessTransition()
    {
        _bare.Fire("JoinChannel");
        _bare.Fire("JoinAccepted");
        _bare.Fire("LeaveChannel");
    }

    /// <summary>A join accepted while already connected: ignored by the table and logged at Debug (to nowhere here).</summary>
    [Benchmark]
    public void IgnoredReport() => _connected.ReportJoinSuccess();

    /// <summary>A new machine, configured and disposed.</summary>
    [Benchmark]
    public void ConstructAndDispose()
    {
        using var machine = new RtcConnectionStateMachine();
    }

    /// <summary>A new RTM 1.x machine, disposed.</summary>
    [Benchmark]
    public void ConstructAndDisposeRtm()
    {
        using var machine = new RtmConnectionStateMachine();
    }

    /// <summary>A new RTM 2.x link machine, disposed.</summary>
    [Benchmark]
    public void ConstructAndDisposeRtmLink()
    {
        using var machine = new RtmLinkStateMachine();
    }

    /// <summary>A bare Stateless machine of the same shape, configured: Stateless's share of a construction.</summary>
    [Benchmark]
    public object BareStatelessConstruction()
    {
        var state = ConnectionState.Disconnected;
        return Bare(() => state, s => state = s);
    }

    private static StateMachine<ConnectionState, string> Bare(Func<ConnectionState> read, Action<ConnectionState> write)
    {
        var machine = new StateMachine<ConnectionState, string>(read, write, FiringMode.Immediate);
        machine.OnUnhandledTrigger((_, _) => { });
        machine.Configure(ConnectionState.Disconnected).Permit("JoinChannel", ConnectionState.Connecting).Ignore("LeaveChannel");
        machine.Configure(ConnectionState.Connecting).OnEntry(() => { }, "start").Permit("JoinAccepted", ConnectionState.Connected)
            .PermitIf("FailureDeadline", ConnectionState.Failed, () => true, "current").Permit("JoinRefused", ConnectionState.Failed)
            .Permit("Banned", ConnectionState.Failed).Permit("LeaveChannel", ConnectionState.Disconnected);
        machine.Configure(ConnectionState.Connected).OnEntry(_ => { }, "joined").Permit("ServerSilence", ConnectionState.Reconnecting)
            .Ignore("JoinAccepted").Permit("JoinRefused", ConnectionState.Failed).Permit("Banned", ConnectionState.Failed)
            .Permit("LeaveChannel", ConnectionState.Disconnected);
        machine.Configure(ConnectionState.Reconnecting).OnEntry(() => { }, "interrupted").Permit("JoinAccepted", ConnectionState.Connected)
            .InternalTransition("LostDeadline", _ => { }).PermitIf("FailureDeadline", ConnectionState.Failed, () => true, "current")
            .Permit("JoinRefused", ConnectionState.Failed).Permit("Banned", ConnectionState.Failed).Permit("LeaveChannel", ConnectionState.Disconnected);
        machine.Configure(ConnectionState.Failed).OnEntryFrom("Banned", () => { }, "banned").Permit("LeaveChannel", ConnectionState.Disconnected);
        return machine;
    }
}
