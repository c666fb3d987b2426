using System.Runtime.CompilerServices;
using Agora.Connectivity.Callbacks;
using Agora.Connectivity.Internal.Dispatch;
using Agora.Connectivity.Presence;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm;
using Agora.Connectivity.Testing;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.Events;

/// <summary><c>ReadEventsAsync</c>: every event raised after the call, in order, until the token, the source's dispose or the reader ends it.</summary>
public class ConnectivityEventStreamTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private FakeTimeProvider _time = null!;

    [SetUp]
    public void SetUp() => _time = new FakeTimeProvider();

    [Test]
    public async Task AwaitForeach_GetsEveryEventAfterTheCall_InOrder_WithItsInstant_AndEndsWhenTheSourceIsDisposed()
    {
        var machine = new RtcConnectionStateMachine(timeProvider: _time);
        machine.JoinChannel();
        var stream = machine.ReadEventsAsync();

        machine.ReportJoinSuccess();
        _time.Advance(Sec(4));
        machine.Dispose();

        var read = new List<ConnectivityEvent>();
        await foreach (var e in stream.WithCancellation(CancellationToken.None))
        {
            read.Add(e);
        }

        Assert.That(read, Is.EqualTo(new ConnectivityEvent[]
        {
            new ConnectionStateChanged(ConnectionState.Connecting, ConnectionState.Connected, ConnectionChangedReason.JoinSuccess) { Timestamp = _time.Start },
            new JoinChannelSucceeded { Timestamp = _time.Start },
            new ConnectionStateChanged(ConnectionState.Connected, ConnectionState.Reconnecting, ConnectionChangedReason.Interrupted) { Timestamp = _time.Start + Sec(4) },
            new ConnectionInterrupted { Timestamp = _time.Start + Sec(4) },
        }), "the Connecting of the join before the call is not in it");
    }

    [Test]
    public async Task AConsumerLoop_ReadsWhileTheMachineRuns_OnAnotherThread()
    {
        using var machine = new RtmConnectionStateMachine(timeProvider: _time);
        using var stop = new CancellationTokenSource();
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = new List<string>();
        var events = machine.ReadEventsAsync(stop.Token); // subscribed here: nothing raised from now on is missed
        var consumer = Task.Run(async () =>
        {
            await foreach (var e in events)
            {
                seen.Add(e.ToString()!);
                if (e is PresenceExpired)
                {
                    reached.SetResult();
                }
            }
        });

        _ = machine.LoginAsync();
        machine.ReportLoginSuccess();
        _time.Advance(Sec(31));
        Assert.That(await Task.WhenAny(reached.Task, Task.Delay(Patience)), Is.SameAs(reached.Task));
        stop.Cancel();

        Assert.That(() => consumer.Wait(Patience), Throws.InstanceOf<AggregateException>().With.InnerException.InstanceOf<OperationCanceledException>(), "the token ends it as ReadAllAsync does");
        Assert.That(seen.Select(s => s.Split(' ')[0]), Is.EqualTo(new[] { "RtmConnectionStateChanged", "RtmConnectionStateChanged", "RtmConnectionStateChanged", "PresenceExpired" }));
    }

    [Test]
    public void ACanceledToken_Unsubscribes_EvenWhenNobodyEnumerates()
    {
        using var tracker = new RemoteUserTracker(timeProvider: _time);
        using var stop = new CancellationTokenSource();
        var handlers = HandlerCount(tracker);
        _ = tracker.ReadEventsAsync(stop.Token);
        Assert.That(HandlerCount(tracker), Is.EqualTo(handlers + 1));

        stop.Cancel();

        Assert.That(HandlerCount(tracker), Is.EqualTo(handlers));
    }

    [Test]
    public async Task LeavingTheLoopEarly_Unsubscribes()
    {
        using var tracker = new RtmMemberTracker(timeProvider: _time);
        var handlers = HandlerCount(tracker);
        tracker.ReportMemberJoined("alice");
        var stream = tracker.ReadEventsAsync();
        tracker.ReportMemberJoined("bob");

        await foreach (var e in stream)
        {
            Assert.That(e, Is.EqualTo(new MemberJoined("bob") { Timestamp = _time.Start }));
            break;
        }

        Assert.That(HandlerCount(tracker), Is.EqualTo(handlers));
    }

    // A stream that ended lets go of everything it registered: the source's dispose callback and the token's registration, so a
    // long-lived machine and token do not keep every finished reader alive.
    [Test]
    public async Task AFinishedStream_IsNotKeptAlive_ByTheSourceOrTheToken()
    {
        using var machine = new RtcConnectionStateMachine(timeProvider: _time);
        using var longLived = new CancellationTokenSource();

        var stream = await ReadOneAndLeave(machine, longLived.Token);
        for (var i = 0; i < 3 && stream.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.That(stream.IsAlive, Is.False, "the finished stream is still referenced");
        GC.KeepAlive(longLived);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> ReadOneAndLeave(RtcConnectionStateMachine machine, CancellationToken token)
    {
        var stream = machine.ReadEventsAsync(token);
        machine.JoinChannel();
        await foreach (var _ in stream)
        {
            break;
        }

        return new WeakReference(stream);
    }

    [Test]
    public async Task AnAlreadyCanceledToken_EndsAtOnce_AndADisposedSource_CompletesAtOnce()
    {
        using var machine = new RtcConnectionStateMachine(timeProvider: _time);
        Assert.CatchAsync<OperationCanceledException>(async () => await Drain(machine.ReadEventsAsync(new CancellationToken(canceled: true))));

        machine.Dispose();
        Assert.That(await Drain(machine.ReadEventsAsync()), Is.Empty);
    }

    [Test]
    public void AStream_IsEnumeratedOnce_AndNeedsASource()
    {
        using var machine = new RtcConnectionStateMachine(timeProvider: _time);
        var stream = machine.ReadEventsAsync();
        _ = stream.GetAsyncEnumerator();

        Assert.That(() => stream.GetAsyncEnumerator(), Throws.InvalidOperationException.With.Message.StartsWith("A stream of ReadEventsAsync can be enumerated once"));
        Assert.That(() => ((IConnectivityEventSource)null!).ReadEventsAsync(), Throws.ArgumentNullException);
    }

    [Test]
    public async Task ASlowReader_NeverBlocksTheSource_AndLosesNothing()
    {
        using var tracker = new RemoteUserTracker(timeProvider: _time);
        var stream = tracker.ReadEventsAsync();
        for (uint uid = 0; uid < 10_000; uid++)
        {
            tracker.ReportUserJoined(uid);
        }

        _time.Advance(Sec(20));
        tracker.Dispose();

        var read = await Drain(stream);
        Assert.That(read, Has.Count.EqualTo(20_000));
        Assert.That(read.Take(10_000), Is.All.InstanceOf<RemoteUserJoined>());
        Assert.That(read.Skip(10_000), Is.All.InstanceOf<RemoteUserOffline>());
    }

    [Test]
    public void PlatformCallbacks_CarryTheirEventsInstant_WhichIsNotPartOfEquality()
    {
        using var machine = new RtcConnectionStateMachine(timeProvider: _time);
        var heard = new List<PlatformCallback>();
        using var subscription = machine.Subscribe(CallbackStrategies.For(Platform.Android), heard.Add);
        machine.JoinChannel();
        _time.Advance(Sec(3));
        machine.ReportJoinSuccess();
        _time.Advance(Sec(1));

        Assert.That(heard.Select(c => c.Timestamp - _time.Start), Is.EqualTo(new[] { TimeSpan.Zero, Sec(3), Sec(3) }));
        Assert.That(heard[0], Is.EqualTo(new PlatformCallback("onConnectionStateChanged", "CONNECTION_STATE_CONNECTING", "CONNECTION_CHANGED_CONNECTING")));
    }

    private static async Task<List<ConnectivityEvent>> Drain(IAsyncEnumerable<ConnectivityEvent> stream)
    {
        var read = new List<ConnectivityEvent>();
        await foreach (var e in stream)
        {
            read.Add(e);
        }

        return read;
    }

    // How many handlers the source's dispatcher holds: a stream that ended must not keep one.
    private static int HandlerCount(IConnectivityEventSource source) => ((IDispatchingSource)source).Dispatcher.HandlerCount;
}
