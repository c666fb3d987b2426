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
    private RtcConnectionStateMachine _quiet = null!;
    private RtcConnectionStateMachine _still = null!;
    private RtcConnectionStateMachine _untimed = null!;
    private RtcConnectionStateMachine _connected = null!;
    private StateMachine<ConnectionState, string> _bare = null!;
    private StateMachine<ConnectionState, string> _bareHooked = null!;
    private ConnectionState _bareState;
    private Holder _holder = null!;
    private long _sink;

    [GlobalSetup]
    public void Setup()
    {
        _cycled = new RtcConnectionStateMachine();
        _cycled.EventRaised += (_, e) => _sink = e.Timestamp.Ticks;
        _quiet = new RtcConnectionStateMachine();
        _still = new RtcConnectionStateMachine(timeProvider: new StillClock());
        _untimed = new RtcConnectionStateMachine(timeProvider: new SystemClockWithoutTimers());
        _connected = new RtcConnectionStateMachine();
        _connected.JoinChannel();
        _connected.ReportJoinSuccess();
        // The bare machine starts where ours does: ConnectionState has no 0, and from the default state every trigger would be
        // unhandled (cheap, and no transition at all), which is what this benchmark measured until 2026-12-02.
        _bareState = ConnectionState.Disconnected;
        _bare = Bare(() => _bareState, s => _bareState = s);
        _holder = new Holder { State = ConnectionState.Disconnected };
        var holder = _holder;
        _bareHooked = Bare(() => holder.Busy ? holder.State : throw new InvalidOperationException(), s => holder.State = s, holder);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _cycled.Dispose();
        _quiet.Dispose();
        _still.Dispose();
        _untimed.Dispose();
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

    /// <summary>The same three transitions with nobody listening: the delivery to a handler is the difference.</summary>
    [Benchmark(OperationsPerInvoke = 3)]
    public void TransitionWithoutSubscriber()
    {
        _quiet.JoinChannel();
        _quiet.ReportJoinSuccess();
        _quiet.LeaveChannel();
    }

    /// <summary>The same, nobody listening, on a clock that never moves and whose timers do nothing: the clock's reads and the timer's arming are the difference.</summary>
    [Benchmark(OperationsPerInvoke = 3)]
    public void TransitionOnAStillClock()
    {
        _still.JoinChannel();
        _still.ReportJoinSuccess();
        _still.LeaveChannel();
    }

    /// <summary>The same, nobody listening, on the system clock's reads with timers that do nothing: arming the system timer is the difference to <see cref="TransitionWithoutSubscriber"/>.</summary>
    [Benchmark(OperationsPerInvoke = 3)]
    public void TransitionOnTheSystemClockWithoutTimers()
    {
        _untimed.JoinChannel();
        _untimed.ReportJoinSuccess();
        _untimed.LeaveChannel();
    }

    /// <summary>
    /// The bare machine wired as ours is (its state read through a thread-static context, a transition hook, every action wrapped):
    /// the cost of our use of Stateless; the still-clock machine less this is the runtime's own glue.
    /// </summary>
    [Benchmark(OperationsPerInvoke = 3)]
    public void BareStatelessAsOursUsesIt()
    {
        Hooked("JoinChannel");
        Hooked("JoinAccepted");
        Hooked("LeaveChannel");
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

    private static StateMachine<ConnectionState, string> Bare(Func<ConnectionState> read, Action<ConnectionState> write, Holder? hooked = null)
    {
        if (hooked is not null)
        {
            hooked.Busy = true;
        }

        var machine = new StateMachine<ConnectionState, string>(read, write, FiringMode.Immediate);
        machine.OnUnhandledTrigger((_, _) => { });
        if (hooked is not null)
        {
            hooked.Busy = false;
            machine.OnTransitioned(_ => hooked.Transitioned = true);
        }

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

    // One fire of the hooked bare machine, as MachineTable fires its engine: the context entered, the fire, the context left.
    private void Hooked(string trigger)
    {
        _holder.Busy = true;
        _holder.Transitioned = false;
        try
        {
            _bareHooked.Fire(trigger);
        }
        finally
        {
            _holder.Busy = false;
        }
    }

    private sealed class Holder
    {
        public ConnectionState State;
        public bool Transitioned;
        public bool Busy;
    }

    /// <summary>The system clock's readings, with timers that never fire.</summary>
    private sealed class SystemClockWithoutTimers : ITimeProvider
    {
        public long TimestampFrequency => SystemTimeProvider.Instance.TimestampFrequency;

        public DateTimeOffset GetUtcNow() => SystemTimeProvider.Instance.GetUtcNow();

        public long GetTimestamp() => SystemTimeProvider.Instance.GetTimestamp();

        public ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new StillClock().CreateTimer(callback, state, dueTime, period);
    }

    /// <summary>A clock at one instant whose timers never fire: what a transition costs without reading a clock or arming a timer.</summary>
    private sealed class StillClock : ITimeProvider
    {
        private static readonly DateTimeOffset Now = new(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);

        public long TimestampFrequency => TimeSpan.TicksPerSecond;

        public DateTimeOffset GetUtcNow() => Now;

        public long GetTimestamp() => 1_000_000;

        public ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new StillTimer();

        private sealed class StillTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => default;
        }
    }
}
