using Agora.Connectivity.Presence;
using Agora.Connectivity.Rtc;
using Agora.Connectivity.Rtm2;
using Agora.Connectivity.Testing;
using Agora.Connectivity.Tests.TestSupport;
using Microsoft.Extensions.Logging.Testing;
using static Agora.Connectivity.Tests.TestSupport.TimeUnits;

namespace Agora.Connectivity.Tests.Events;

/// <summary>
/// Event delivery through the options' <c>EventContext</c> (issue 38): a desktop app's UI thread hears every event on that thread, in
/// order, after the lock; a call its handler makes is queued as before; Dispose still waits for a running handler.
/// </summary>
public class EventContextTests
{
    [Test]
    public void EventsCausedOnAnotherThread_AreDeliveredOnTheContextsThread_InOrder_AfterTheLock()
    {
        using var ui = new SingleThreadContext();
        var time = new FakeTimeProvider();
        using var machine = new RtcConnectionStateMachine(new RtcConnectionOptions { EventContext = ui }, time);
        var heard = new List<(string Event, int Thread, bool LockFree)>();
        machine.EventRaised += (_, e) => heard.Add((Describe(e), Environment.CurrentManagedThreadId, Task.Run(() => machine.State).Wait(TimeSpan.FromSeconds(5))));

        machine.JoinChannel();          // the test's thread: posted
        machine.ReportJoinSuccess();
        time.Advance(Sec(4));           // the timer fires on the test's thread: posted too
        ui.Idle();

        Assert.That(heard.Select(h => h.Event), Is.EqualTo(new[]
        {
            "Disconnected->Connecting (Connecting)",
            "Connecting->Connected (JoinSuccess)",
            "JoinChannelSucceeded",
            "Connected->Reconnecting (Interrupted)",
            "ConnectionInterrupted",
        }));
        Assert.That(heard.Select(h => h.Thread).Distinct(), Is.EqualTo(new[] { ui.ThreadId }));
        Assert.That(heard.All(h => h.LockFree), Is.True, "no event is delivered under the machine's lock");
    }

    [Test]
    public void ACallMadeOnTheContextsThread_IsDeliveredThereAtOnce_BeforeTheCallReturns()
    {
        using var ui = new SingleThreadContext();
        using var machine = new RtcConnectionStateMachine(new RtcConnectionOptions { EventContext = ui }, new FakeTimeProvider());
        var heard = new List<string>();
        machine.EventRaised += (_, e) => heard.Add(Describe(e));

        var heardWhenJoinReturned = ui.Run(() =>
        {
            machine.JoinChannel();
            return heard.Count;
        });

        Assert.That(heardWhenJoinReturned, Is.EqualTo(1));
        Assert.That(ui.Posts, Is.Zero, "nothing was posted: the UI thread's own call delivers at once");
    }

    [Test]
    public void AHandlerOnTheContext_ThatCallsTheMachine_IsQueuedBehindTheEvent_AsWithoutAContext()
    {
        using var ui = new SingleThreadContext();
        var time = new FakeTimeProvider();
        using var machine = new RtcConnectionStateMachine(new RtcConnectionOptions { EventContext = ui }, time);
        var heard = new List<string>();
        machine.EventRaised += (_, e) =>
        {
            heard.Add(Describe(e));
            if (e is ConnectionStateChanged { State: ConnectionState.Reconnecting })
            {
                machine.LeaveChannel();
                heard.Add($"left: {machine.State}");
            }
        };
        machine.JoinChannel();
        machine.ReportJoinSuccess();

        time.Advance(Sec(4));
        ui.Idle();

        Assert.That(heard.Skip(3), Is.EqualTo(new[]
        {
            "Connected->Reconnecting (Interrupted)",
            "left: Reconnecting",
            "ConnectionInterrupted",
            "Reconnecting->Disconnected (LeaveChannel)",
        }));
    }

    [Test]
    public void Dispose_FromAnotherThread_WaitsForTheHandlerRunningOnTheContext_AndNothingIsDeliveredAfter()
    {
        using var ui = new SingleThreadContext();
        var machine = new RtcConnectionStateMachine(new RtcConnectionOptions { EventContext = ui }, new FakeTimeProvider());
        using var inHandler = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var heard = new List<string>();
        machine.EventRaised += (_, e) =>
        {
            heard.Add(Describe(e));
            if (heard.Count == 1)
            {
                inHandler.Set();
                release.Wait(TimeSpan.FromSeconds(10));
            }
        };
        machine.JoinChannel();
        Assert.That(inHandler.Wait(TimeSpan.FromSeconds(10)), Is.True);

        machine.ReportJoinSuccess();      // queued behind the running handler
        var dispose = Task.Run(machine.Dispose);
        Assert.That(dispose.Wait(TimeSpan.FromMilliseconds(200)), Is.False, "Dispose waits for the handler");
        release.Set();

        Assert.That(dispose.Wait(TimeSpan.FromSeconds(10)), Is.True);
        ui.Idle();
        Assert.That(heard, Is.EqualTo(new[] { "Disconnected->Connecting (Connecting)" }), "the events queued behind it are dropped with the machine");
    }

    [Test]
    public void AContextThatRefusesWork_DropsWhatWaited_SaysSo_AndTheMachineGoesOn()
    {
        var refusing = new RefusingContext();
        var log = new FakeLogger<RtcConnectionStateMachine>();
        using var machine = new RtcConnectionStateMachine(new RtcConnectionOptions { EventContext = refusing }, new FakeTimeProvider(), log);
        var heard = new List<string>();
        machine.EventRaised += (_, e) => heard.Add(Describe(e));

        Assert.That(machine.JoinChannel, Throws.Nothing);
        refusing.Refuse = false;
        machine.ReportJoinSuccess();
        refusing.RunPosted();

        Assert.That(machine.State, Is.EqualTo(ConnectionState.Connected));
        Assert.That(heard, Is.EqualTo(new[] { "Connecting->Connected (JoinSuccess)", "JoinChannelSucceeded" }));
        var entry = log.Collector.GetSnapshot().Single(r => r.Id.Name == "EventContextRefused");
        Assert.That(entry.Message, Is.EqualTo("RtcConnectionStateMachine: the event context (RefusingContext) refused the delivery; 1 queued events and calls were dropped."));
    }

    [Test]
    public async Task TrackersAndRtm2Links_DeliverOnTheirContextToo()
    {
        using var ui = new SingleThreadContext();
        var time = new FakeTimeProvider();
        using var users = new RemoteUserTracker(new RemoteUserTrackerOptions { EventContext = ui }, time);
        using var link = new RtmLinkStateMachine(new RtmLinkOptions { EventContext = ui }, time);
        var threads = new List<int>();
        users.EventRaised += (_, _) => threads.Add(Environment.CurrentManagedThreadId);
        link.EventRaised += (_, _) => threads.Add(Environment.CurrentManagedThreadId);

        users.ReportUserJoined(7);
        var login = link.LoginAsync(time.GetUtcNow().AddHours(1));
        link.ReportLoginSuccess();
        await login;
        time.Advance(Sec(21));
        ui.Idle();

        Assert.That(threads, Has.Count.GreaterThanOrEqualTo(3));
        Assert.That(threads.Distinct(), Is.EqualTo(new[] { ui.ThreadId }));
    }

    private static string Describe(ConnectivityEvent e) => e switch
    {
        ConnectionStateChanged c => $"{c.PreviousState}->{c.State} ({c.Reason})",
        _ => e.GetType().Name,
    };

    private sealed class RefusingContext : SynchronizationContext
    {
        private readonly Queue<(SendOrPostCallback, object?)> _posted = new();

        public bool Refuse { get; set; } = true;

        public override void Post(SendOrPostCallback d, object? state)
        {
            if (Refuse)
            {
                throw new InvalidOperationException("The window is closed.");
            }

            _posted.Enqueue((d, state));
        }

        public void RunPosted()
        {
            while (_posted.TryDequeue(out var work))
            {
                work.Item1(work.Item2);
            }
        }
    }
}
